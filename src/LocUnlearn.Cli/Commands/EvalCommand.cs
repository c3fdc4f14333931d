using System.CommandLine;
using System.Globalization;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Evaluation;
using LocUnlearn.Study.Standalone;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn eval`: FS, RS, forget quality and model utility of one model folder (SPEC 9), written as
/// OpenUnlearning-style JSON (aggregate + per-item values). The work is <see cref="SingleEvaluation"/>.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var modelData = new ModelDataOptionSet();
        var splits = new Option<string?>("--splits")
        {
            Description = "Forget and retain split, e.g. forget10,retain90 (default: the run's, else forget10,retain90).",
        };
        var metrics = new Option<string>("--metrics") { Description = "Metric groups: any of es,fq,mu.", DefaultValueFactory = _ => "es,fq,mu" };
        var referenceModel = new Option<string?>("--reference-model")
        {
            Description = "θr (retain model) folder: forget quality compares against its truth ratios.",
        };
        var reference = new Option<bool>("--reference") { Description = "Also run the slow generation-based ES on every item and report agreement." };
        var retainItems = new Option<int?>("--retain-items")
        {
            Description = $"RS uses the first N retain rows (default: the run's, else {new EvaluationSettings().RetainItems}).",
        };
        var maxUtilityItems = new Option<int?>("--max-utility-items") { Description = "Cap on rows per utility split (default: the run's, else all)." };
        var maxNewTokens = new Option<int?>("--max-new-tokens")
        {
            Description = $"Greedy generation length for ROUGE-L (default: the run's, else {new EvaluationSettings().MaxNewTokens}).",
        };
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = $"Rows per teacher-forced batch (default: the run's, else {new EvaluationSettings().BatchSize}).",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "libtorch intra-op threads (0 = libtorch's default, one per core). Use 1 when other jobs share the cores: " +
                          "oversubscribed OpenMP threads were measured 10-20x slower here.",
            DefaultValueFactory = _ => 0,
        };
        var output = new Option<string>("--out") { Description = "JSON results file.", Required = true };
        var command = new Command("eval", "Evaluate a model: FS, RS (extraction strength), log10 forget quality, model utility.")
        {
            splits, metrics, referenceModel, reference, retainItems, maxUtilityItems, maxNewTokens, batchSize, threads, output,
        };
        foreach (var option in modelData.All)
            command.Options.Add(option);
        command.SetAction(r => CliErrors.Run(() =>
        {
            ApplyThreads(r.GetValue(threads));
            var request = new EvalRequest
            {
                Model = modelData.Read(r) with { Splits = Splits(r.GetValue(splits)) },
                Metrics = Metrics(r.GetValue(metrics)!),
                ReferenceModel = r.GetValue(referenceModel),
                GenerationReference = r.GetValue(reference),
                RetainItems = r.GetValue(retainItems),
                MaxUtilityItems = r.GetValue(maxUtilityItems),
                MaxNewTokens = r.GetValue(maxNewTokens),
                BatchSize = r.GetValue(batchSize),
            };
            EvalOutcome outcome;
            using (var display = ProgressDisplay.ForConsole())
                outcome = SingleEvaluation.Run(request, display.Sink);
            Write(outcome, r.GetValue(output)!);
            return 0;
        }));
        return command;
    }

    private static void ApplyThreads(int threads)
    {
        if (threads < 0)
            throw new ArgumentException($"--threads must be >= 0, got {threads}.");
        if (threads > 0)
            TorchSharp.torch.set_num_threads(threads);
    }

    private static void Write(EvalOutcome outcome, string path)
    {
        MetricResultsJson.Write(path, outcome.Metrics);
        PrintSummary(outcome);
        Console.WriteLine($"wrote {path}");
    }

    private static (string, string)? Splits(string? value)
    {
        if (value is null) return null;
        string[] names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length == 2 ? (names[0], names[1])
            : throw new ArgumentException($"--splits: expected forget,retain (e.g. forget10,retain90), got '{value}'.");
    }

    private static EvaluationMetrics Metrics(string value)
    {
        try
        {
            return EvaluationMetricsParser.Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--metrics: {e.Message}", e);
        }
    }

    private static void PrintSummary(EvalOutcome outcome)
    {
        string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.0000", CultureInfo.InvariantCulture);
        var (p, suite) = (outcome.Evaluation.Point, outcome.Suite);
        Console.WriteLine($"FS {F(p.ForgetScore)}  RS {F(p.RetainScore)}  log10 FQ {F(p.Log10ForgetQuality)}  MU {F(p.ModelUtility)}");
        Console.WriteLine($"({suite.Forget?.Examples.Count ?? 0} forget, {suite.Retain?.Examples.Count ?? 0} retain, " +
                          $"{suite.Utility.Sum(s => s.Items.Count)} utility items; {outcome.Evaluation.WallSeconds:0.00} s)");
    }
}
