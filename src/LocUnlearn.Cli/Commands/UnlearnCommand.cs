using LocUnlearn.Study.Units;
using LocUnlearn.Cli.Progress;
using System.CommandLine;
using System.Globalization;
using LocUnlearn.Config;
using LocUnlearn.Study.Standalone;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn unlearn`: one unlearning run of a model on a region file (or all parameters), outside a study.</summary>
internal static class UnlearnCommand
{
    public static Command Create()
    {
        var defaults = new TrainingConfig();
        var io = new ModelDataOptionSet();
        var region = new Option<string>("--region") { Description = $"Region file (locunlearn.region/v1), or '{UnlearnRequest.FullRegion}' for all parameters.", Required = true };
        var freeKeys = new Option<bool>("--free-keys") { Description = "The region also frees the matching gate/up rows (default off; as inject.free_keys)." };
        var objective = new Option<string>("--objective") { Description = $"Unlearning objective: {string.Join(", ", UnlearningObjectives.Names)}.", Required = true };
        var set = new Option<string[]>("--set") { Description = "Objective setting key=value, repeatable, e.g. beta=0.2, retain.alpha=0.5, layer=1 (docs/config.md, unlearn.settings)." };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => defaults.Steps };
        var lr = new Option<double>("--lr") { Description = "Learning rate (AdamW, constant).", DefaultValueFactory = _ => defaults.LearningRate };
        var batchSize = new Option<int>("--batch-size") { Description = "Forget items per step (each paired with a retain item).", DefaultValueFactory = _ => defaults.BatchSize };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate every K steps (plus step 0 and the end; 0 = only those).", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Seed of the data order, retain pairing and refusal draw.", DefaultValueFactory = _ => 0 };
        var reference = new Option<string?>("--reference-model") { Description = "θr folder: forget quality and MU95 compare against its forget truth ratios; without it they are skipped." };
        var retainItems = new Option<int>("--retain-items") { Description = "RS uses the first N retain rows (0 = all).", DefaultValueFactory = _ => 400 };
        var utilityItems = new Option<int>("--utility-items") { Description = "Rows per utility split (0 = all).", DefaultValueFactory = _ => 0 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Greedy answer length for ROUGE-L (model utility).", DefaultValueFactory = _ => 200 };
        var output = new Option<string>("--out") { Description = "Output folder: trajectory.jsonl, result.json, model/.", Required = true };
        var command = new Command("unlearn", "One unlearning run on a region: trajectory.jsonl, result.json (AUES, MU95) and the unlearned model.")
        {
            region, freeKeys, objective, set, steps, lr, batchSize, evalEvery, seed, reference, retainItems, utilityItems, maxNewTokens, output,
        };
        foreach (var option in io.All)
            command.Options.Add(option);
        command.SetAction(r => CliErrors.Run(() =>
        {
            string name = r.GetValue(objective)!.ToLowerInvariant();
            if (!UnlearningObjectives.Names.Contains(name))
                throw new ArgumentException($"--objective: unknown objective '{name}'; known: {string.Join(", ", UnlearningObjectives.Names)}.");
            foreach (var (option, value) in new[] { ("--retain-items", r.GetValue(retainItems)), ("--utility-items", r.GetValue(utilityItems)) })
                if (value < 0) throw new ArgumentException($"{option} must be >= 0, got {value}.");
            var request = new UnlearnRequest
            {
                Model = io.Read(r),
                Region = r.GetValue(region)!,
                FreeKeys = r.GetValue(freeKeys),
                Objective = name,
                Settings = ObjectiveOverrides.Apply(new ObjectiveSettings(), name, r.GetValue(set) ?? []),
                Training = defaults with
                {
                    Steps = r.GetValue(steps), LearningRate = r.GetValue(lr), BatchSize = r.GetValue(batchSize), Seed = r.GetValue(seed),
                },
                EvalEvery = r.GetValue(evalEvery),
                ReferenceModel = r.GetValue(reference),
                OutDir = r.GetValue(output)!,
                RetainItems = r.GetValue(retainItems),
                UtilityItems = r.GetValue(utilityItems),
                MaxNewTokens = r.GetValue(maxNewTokens),
            };
            RunResult result;
            using (var display = ProgressDisplay.ForConsole())
                result = SingleUnlearnRun.Run(request, display.Sink);
            if (!result.Ok)
            {
                Console.Error.WriteLine($"error: the run failed: {result.Error} (recorded in {request.OutDir}/result.json)");
                return 1;
            }
            string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"AUES {F(result.Aues)}  MU95 {F(result.Mu95)}  ({result.Trajectory.Count} evaluated points, {result.WallSeconds:F1} s)");
            Console.WriteLine($"wrote {request.OutDir} (trajectory.jsonl, result.json, model/)");
            return 0;
        }));
        return command;
    }
}
