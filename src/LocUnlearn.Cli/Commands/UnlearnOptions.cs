using System.CommandLine;
using LocUnlearn.Config;
using LocUnlearn.Study.Standalone;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn unlearn`'s options, and the checked <see cref="UnlearnRequest"/> they give.</summary>
internal sealed class UnlearnOptions
{
    private static readonly TrainingConfig defaults = new();

    private readonly ModelDataOptionSet io = new();
    private readonly Option<string> region = new("--region")
    {
        Description = $"Region file (locunlearn.region/v1), or '{UnlearnRequest.FullRegion}' for all parameters.", Required = true,
    };
    private readonly Option<bool> freeKeys = new("--free-keys")
        { Description = "The region also frees the matching gate/up rows (default off; as inject.free_keys)." };
    private readonly Option<string> objective = new("--objective")
        { Description = $"Unlearning objective: {string.Join(", ", UnlearningObjectives.Names)}.", Required = true };
    private readonly Option<string[]> set = new("--set")
    {
        Description = "Objective setting key=value, repeatable, e.g. beta=0.2, retain.alpha=0.5, layer=1 (docs/config.md, unlearn.settings).",
    };
    private readonly Option<int> steps = new("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => defaults.Steps };
    private readonly Option<double> lr = new("--lr") { Description = "Learning rate (AdamW, constant).", DefaultValueFactory = _ => defaults.LearningRate };
    private readonly Option<int> batchSize = new("--batch-size")
        { Description = "Forget items per step (each paired with a retain item).", DefaultValueFactory = _ => defaults.BatchSize };
    private readonly Option<int> evalEvery = new("--eval-every")
        { Description = "Evaluate every K steps (plus step 0 and the end; 0 = only those).", DefaultValueFactory = _ => 10 };
    private readonly Option<long> seed = new("--seed")
        { Description = "Seed of the data order, retain pairing and refusal draw.", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> reference = new("--reference-model")
        { Description = "θr folder: forget quality and MU95 compare against its forget truth ratios; without it they are skipped." };
    private readonly Option<int> retainItems = new("--retain-items")
        { Description = "RS uses the first N retain rows (0 = all).", DefaultValueFactory = _ => 400 };
    private readonly Option<int> utilityItems = new("--utility-items") { Description = "Rows per utility split (0 = all).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> maxNewTokens = new("--max-new-tokens")
        { Description = "Greedy answer length for ROUGE-L (model utility).", DefaultValueFactory = _ => 200 };
    private readonly Option<string> output = new("--out")
        { Description = "Output folder: trajectory.jsonl, result.json, model/.", Required = true };

    public void AddTo(Command command)
    {
        Option[] own = [region, freeKeys, objective, set, steps, lr, batchSize, evalEvery, seed, reference, retainItems, utilityItems, maxNewTokens, output];
        foreach (var option in own.Concat(io.All))
            command.Options.Add(option);
    }

    public UnlearnRequest Read(ParseResult r)
    {
        string name = r.GetValue(objective)!.ToLowerInvariant();
        if (!UnlearningObjectives.Names.Contains(name))
            throw new ArgumentException($"--objective: unknown objective '{name}'; known: {string.Join(", ", UnlearningObjectives.Names)}.");
        foreach (var (option, value) in new[] { ("--retain-items", r.GetValue(retainItems)), ("--utility-items", r.GetValue(utilityItems)) })
            if (value < 0) throw new ArgumentException($"{option} must be >= 0, got {value}.");
        return new UnlearnRequest
        {
            Model = io.Read(r),
            Region = r.GetValue(region)!,
            FreeKeys = r.GetValue(freeKeys),
            Objective = name,
            Settings = ObjectiveOverrides.Apply(new ObjectiveSettings(), name, r.GetValue(set) ?? []),
            Training = defaults with { Steps = r.GetValue(steps), LearningRate = r.GetValue(lr), BatchSize = r.GetValue(batchSize), Seed = r.GetValue(seed) },
            EvalEvery = r.GetValue(evalEvery),
            ReferenceModel = r.GetValue(reference),
            OutDir = r.GetValue(output)!,
            RetainItems = r.GetValue(retainItems),
            UtilityItems = r.GetValue(utilityItems),
            MaxNewTokens = r.GetValue(maxNewTokens),
        };
    }
}
