using System.CommandLine;
using System.Globalization;
using LocUnlearn.Data;
using LocUnlearn.Evaluation;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Text;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn eval`: FS, RS, forget quality and model utility of one model folder (SPEC 9), written as
/// OpenUnlearning-style JSON (aggregate + per-item values).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = ModelCommand.ModelOption();
        var device = ModelCommand.DeviceOption();
        var data = new Option<string>("--data") { Description = "TOFU-format data folder (real TOFU or `data synth` output).", Required = true };
        var splits = new Option<string>("--splits") { Description = "Forget and retain split, e.g. forget10,retain90.", DefaultValueFactory = _ => "forget10,retain90" };
        var metrics = new Option<string>("--metrics") { Description = "Metric groups: any of es,fq,mu.", DefaultValueFactory = _ => "es,fq,mu" };
        var referenceModel = new Option<string?>("--reference-model") { Description = "θr (retain model) folder: forget quality compares against its truth ratios." };
        var reference = new Option<bool>("--reference") { Description = "Also run the slow generation-based ES on every item and report agreement." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json (default: the model folder's, else the data folder's)." };
        var template = new Option<string?>("--template") { Description = $"Chat template: {string.Join(", ", ChatTemplates.Names)} (default: detected from the model folder)." };
        var retainItems = new Option<int>("--retain-items") { Description = "RS uses the first N retain rows.", DefaultValueFactory = _ => new EvaluationSettings().RetainItems };
        var maxUtilityItems = new Option<int?>("--max-utility-items") { Description = "Cap on rows per utility split (default: all)." };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Greedy generation length for ROUGE-L.", DefaultValueFactory = _ => new EvaluationSettings().MaxNewTokens };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per teacher-forced batch.", DefaultValueFactory = _ => new EvaluationSettings().BatchSize };
        var threads = new Option<int>("--threads")
        {
            Description = "libtorch intra-op threads (0 = libtorch's default, one per core). Use 1 when other jobs share the cores: " +
                          "oversubscribed OpenMP threads were measured 10-20x slower here.",
            DefaultValueFactory = _ => 0,
        };
        var output = new Option<string>("--out") { Description = "JSON results file.", Required = true };
        var command = new Command("eval", "Evaluate a model: FS, RS (extraction strength), log10 forget quality, model utility.")
        {
            model, data, splits, metrics, referenceModel, reference, tokenizer, template, retainItems, maxUtilityItems, maxNewTokens,
            batchSize, device, threads, output,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string modelDir = r.GetValue(model)!, dataDir = r.GetValue(data)!;
            string[] splitNames = r.GetValue(splits)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (splitNames.Length != 2)
                throw new ArgumentException($"--splits: expected forget,retain (e.g. forget10,retain90), got '{r.GetValue(splits)}'.");
            EvaluationMetrics selected;
            try
            {
                selected = EvaluationMetricsParser.Parse(r.GetValue(metrics)!);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--metrics: {e.Message}", e);
            }
            var settings = new EvaluationSettings
            {
                ForgetSplit = splitNames[0],
                RetainSplit = splitNames[1],
                Metrics = selected,
                RetainItems = r.GetValue(retainItems),
                MaxUtilityItems = r.GetValue(maxUtilityItems),
                MaxNewTokens = r.GetValue(maxNewTokens),
                BatchSize = r.GetValue(batchSize),
            };
            if (r.GetValue(reference) && !settings.Metrics.HasFlag(EvaluationMetrics.Es))
                throw new ArgumentException("--reference checks extraction strength: include es in --metrics.");
            if (r.GetValue(threads) is < 0 and var n)
                throw new ArgumentException($"--threads must be >= 0, got {n}.");
            if (r.GetValue(threads) > 0)
                TorchSharp.torch.set_num_threads(r.GetValue(threads));
            var loadOptions = new ModelLoadOptions(r.GetValue(device)!);

            var reader = new TofuReader(dataDir); // first: a wrong --data is the likelier mistake than a missing tokenizer
            using var tok = HfTokenizer.Load(r.GetValue(tokenizer) ?? DefaultTokenizer(modelDir, dataDir));
            var chat = r.GetValue(template) is { } name ? ChatTemplates.Get(name) : ChatTemplates.Detect(modelDir);
            var suite = EvaluationSuite.Prepare(reader, new PromptEncoder(tok, chat), settings);

            IReadOnlyList<double>? referenceRatios = null;
            if (settings.Metrics.HasFlag(EvaluationMetrics.Fq))
            {
                if (r.GetValue(referenceModel) is { } referenceDir)
                {
                    using var retainModel = ModelFolder.Load(referenceDir, loadOptions);
                    var fqSuite = EvaluationSuite.Prepare(reader, new PromptEncoder(tok, chat), settings with { Metrics = EvaluationMetrics.Fq });
                    referenceRatios = new ModelEvaluator(fqSuite).Evaluate(retainModel).ForgetTruthRatios;
                }
                else
                {
                    Console.WriteLine("note: no --reference-model (θr) given: forget truth ratios computed, forget quality skipped.");
                }
            }

            using var m = ModelFolder.Load(modelDir, loadOptions);
            var evaluation = new ModelEvaluator(suite).Evaluate(m, referenceRatios);
            var results = new Dictionary<string, MetricResult>(evaluation.Metrics);
            if (r.GetValue(reference))
                results["extraction_strength_reference_agreement"] = ReferenceAgreement(m, suite, evaluation);
            MetricResultsJson.Write(r.GetValue(output)!, results);
            PrintSummary(evaluation, suite);
            Console.WriteLine($"wrote {r.GetValue(output)}");
            return 0;
        }));
        return command;
    }

    private static string DefaultTokenizer(string modelDir, string dataDir)
    {
        string inModel = Path.Combine(modelDir, "tokenizer.json");
        string inData = Path.Combine(dataDir, "tokenizer.json");
        if (File.Exists(inModel)) return inModel;
        if (File.Exists(inData)) return inData;
        throw new ArgumentException($"no tokenizer.json in {modelDir} or {dataDir}; pass --tokenizer FILE.");
    }

    /// <summary>Runs the generation-based ES on every forget and retain item; agg = fraction of items whose k* agrees
    /// with the one-pass value, items = the reference's k* and ES (forget rows first, then retain rows, so indices stay
    /// unique in one metric).</summary>
    private static MetricResult ReferenceAgreement(LlamaForCausalLM model, EvaluationSuite suite, ModelEvaluation evaluation)
    {
        var audit = ExtractionStrengthAudit.Run(model, suite, evaluation);
        var examples = suite.Forget!.Examples.Concat(suite.Retain!.Examples).ToArray();
        Console.WriteLine($"generation-based ES reference: {audit.Agreeing}/{audit.Items.Count} items agree with the one-pass k*");
        return MetricResult.Create((double)audit.Agreeing / audit.Items.Count, audit.Items.Select((reference, i) => new ItemMetrics
        {
            Index = i,
            PromptTokens = examples[i].PromptLength,
            AnswerTokens = reference.AnswerLength,
            KStar = reference.KStar,
            Es = reference.Value,
        }));
    }

    private static void PrintSummary(ModelEvaluation evaluation, EvaluationSuite suite)
    {
        string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.0000", CultureInfo.InvariantCulture);
        var p = evaluation.Point;
        Console.WriteLine($"FS {F(p.ForgetScore)}  RS {F(p.RetainScore)}  log10 FQ {F(p.Log10ForgetQuality)}  MU {F(p.ModelUtility)}");
        Console.WriteLine($"({suite.Forget?.Examples.Count ?? 0} forget, {suite.Retain?.Examples.Count ?? 0} retain, " +
                          $"{suite.Utility.Sum(s => s.Items.Count)} utility items; {evaluation.WallSeconds:0.00} s)");
    }
}
