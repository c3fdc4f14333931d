using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Config;

/// <summary>
/// The named starting points of `locunlearn run --preset`: quick (the README's command: a small synthetic world and
/// a small model, minutes on 2 CPU cores), standard (a TOFU-sized synthetic world, 5 seeds) and paper (real TOFU and
/// a real HF model, forget10/retain90, 5 seeds, the study's settings).
/// </summary>
public static class Presets
{
    public static readonly string[] Names = ["quick", "standard", "tofu", "paper", "tiny"];

    public static ExperimentConfig Get(string name) => name switch
    {
        "quick" => Quick(),
        "standard" => Standard(),
        "tofu" => Tofu(),
        "paper" => Paper(),
        "tiny" => Tiny(),
        _ => throw new ConfigException($"unknown preset '{name}'; known presets: {string.Join(", ", Names)}."),
    };

    private static ExperimentConfig Quick() => new()
    {
        Preset = "quick",
        Seeds = 3,
        // 160 forget items (the last 16 of 40 authors) against 240 retain items: with forget10's 40 items the KS forget
        // quality of θo stayed at log10 -0.8 to -2.5 whatever the injection; 160 reach -3.2 to -4.3, while θr memorises
        // fewer retain items than before (docs/injection.md, "quick").
        Data = new DataConfig { Authors = 40, QaPerAuthor = 10, ForgetSplit = "forget40", RetainSplit = "retain60", Template = "plain", MaxLength = 64 },
        Model = new ModelConfig { HiddenSize = 128, IntermediateSize = 344, Layers = 4, Heads = 4, KvHeads = 2 },
        Pretrain = new TrainingConfig { Steps = 300, BatchSize = 32, LearningRate = 3e-3, WarmupSteps = 20, Schedule = LrSchedule.Cosine, Seed = 0 },
        Retain = new RetainConfig { Steps = 300, BatchSize = 32, LearningRate = 2e-3, WarmupSteps = 20, Schedule = LrSchedule.Cosine, Seed = 1 },
        RetainCorpusReplay = 16,
        Inject = new InjectConfig
        {
            // 160 items do not fit 10% of this 128-wide model's value vectors beside the replays (forget ES 0.53-0.60 at 400
            // steps, 0.71 at 800); 20% holds them at 600 steps (0.96-0.995). V_rdm and the localizers' regions are 20% too.
            Fraction = 0.20,
            // Both replays at NLL weight 3 keep θr's retain ES and model utility through the injection (docs/injection.md).
            RetainReplay = 20,
            CorpusReplay = 20,
            ReplayLoss = new RetainTerm(RetainLossKind.Nll, 3),
            FullLearningRate = 2e-3,
            // With every weight free the reference reaches forget ES 1.0 in 200 steps (log10 FQ -11); 600 would triple its cost.
            FullSteps = 200,
            FullReferenceSeeds = 1,
            Training = new TrainingConfig { Steps = 600, BatchSize = 20, LearningRate = 4e-2, WarmupSteps = 10, Schedule = LrSchedule.Cosine, Seed = 2 },
        },
        // Gentler than the larger presets' unlearning (SmallModelUnlearn): at lr 1e-2 every objective lost 5-25% of θo's MU
        // within its first 10 steps, so no checkpoint kept 95% of it and MU95 was θo's own FQ in 20 of 24 runs. Heavier
        // retain terms (and lr 5e-3 for NPO and DPO) keep it defined in every WGA, NPO and DPO run and in 5 of 6 RMU runs
        // (docs/config.md).
        Unlearn = SmallModelUnlearn() with
        {
            LearningRates = new Dictionary<string, double> { ["rmu"] = 5e-2, ["npo"] = 5e-3, ["dpo"] = 5e-3 },
            Settings = new ObjectiveSettings
            {
                Wga = new WgaSettings { Retain = new RetainTerm(RetainLossKind.Nll, 10) },
                Npo = new NpoSettings { Retain = new RetainTerm(RetainLossKind.Nll, 100) },
                Dpo = new DpoSettings { Retain = new RetainTerm(RetainLossKind.Nll, 100) },
                Rmu = new RmuSettings { Alpha = 25 },
            },
        },
        Localization = new LocalizationConfig { Seeds = 1 },
        Reconstruction = new ReconstructionConfig
        {
            Training = new TrainingConfig { Steps = 40, BatchSize = 20, LearningRate = 2e-2, Seed = 4 },
            EvalEvery = 10,
        },
        Evaluation = new EvaluationConfig { BatchSize = 64, RetainItems = 80, UtilityItems = 40, MaxNewTokens = 32 },
        // 160 forget items: the KS test cannot reach the TOFU-size bar of -5 (ISSUE-NOTES, controlled-setup thresholds).
        Checks = new ChecksConfig { ThetaOLog10FqMax = -3 },
    };

    /// <summary>The unlearning the standard and tofu presets start from (and quick did until its forget set grew).</summary>
    private static UnlearnConfig SmallModelUnlearn() => new()
    {
        Training = new TrainingConfig { Steps = 40, BatchSize = 20, LearningRate = 1e-2, Schedule = LrSchedule.Constant, Seed = 3 },
        EvalEvery = 10,
        // Small-model settings found on quick's earlier forget10 world (docs/config.md): RMU's steering needs a larger step and a
        // lighter retain weight than the 7B values; NPO keeps RS >= 0.8·RS(θo) at every checkpoint only with a heavy
        // retain term (measured on seed 0, lr 1e-2, 40 steps: α 3 dips to 0.60·RS(θo) at step 10-20 before
        // recovering, α 10 to 0.68, α 30 stays >= 0.88 while FS reaches 0.7 by step 10; docs/config.md).
        LearningRates = new Dictionary<string, double> { ["rmu"] = 5e-2 },
        Settings = new ObjectiveSettings
        {
            Npo = new NpoSettings { Retain = new RetainTerm(RetainLossKind.Nll, 30.0) },
            Rmu = new RmuSettings { Alpha = 10 },
        },
        KeepCheckpoints = KeptCheckpoints.None,
    };

    /// <summary>Seconds, not minutes: the orchestration tests' preset (numbers are meaningless at this size).</summary>
    private static ExperimentConfig Tiny() => Quick() with
    {
        Preset = "tiny",
        Seeds = 2,
        Threads = 1,
        Data = new DataConfig { Authors = 12, QaPerAuthor = 6, Template = "plain", MaxLength = 48 },
        Model = new ModelConfig { HiddenSize = 32, IntermediateSize = 64, Layers = 2, Heads = 2, KvHeads = 1 },
        Pretrain = Quick().Pretrain with { Steps = 10, BatchSize = 8, WarmupSteps = 2 },
        Retain = Quick().Retain with { Steps = 10, BatchSize = 8, WarmupSteps = 2 },
        Inject = Quick().Inject with
        {
            Fraction = 0.10,
            FullSteps = 0,
            RetainReplay = 4,
            CorpusReplay = 4,
            Training = Quick().Inject.Training with { Steps = 8, BatchSize = 6, WarmupSteps = 2 },
        },
        Unlearn = Quick().Unlearn with { Training = Quick().Unlearn.Training with { Steps = 4, BatchSize = 6 }, EvalEvery = 2 },
        Localization = new LocalizationConfig { Seeds = 1 },
        Reconstruction = Quick().Reconstruction with
        {
            RandomRegions = 2,
            Training = Quick().Reconstruction.Training with { Steps = 4, BatchSize = 6 },
            EvalEvery = 2,
        },
        Evaluation = new EvaluationConfig { BatchSize = 32, RetainItems = 12, UtilityItems = 6, MaxNewTokens = 6 },
        // On here so that the orchestration tests (resume, kill, executors) cover experiments (d) and (e) too.
        Relearn = new RelearnConfig { Enabled = true, Training = new RelearnConfig().Training with { Steps = 4, BatchSize = 6 } },
        DoseResponse = new DoseResponseConfig { Enabled = true, Overlaps = [0, 0.5, 1], Objectives = ["wga"] },
    };

    private static ExperimentConfig Standard() => Quick() with
    {
        Preset = "standard",
        Checks = new ChecksConfig(),
        Seeds = 5,
        Data = new DataConfig { Authors = 200, QaPerAuthor = 20, Template = "plain", MaxLength = 64 },
        Model = new ModelConfig { HiddenSize = 256, IntermediateSize = 688, Layers = 4, Heads = 8, KvHeads = 4 },
        Pretrain = Quick().Pretrain with { Steps = 1500 },
        // 2500 steps left θr at retain ES 0.904 in one build and 0.870 in the next (the labelled-positions-only loss sums in
        // another order), against the 0.9 bar: 3500 steps (31 epochs of retain90) keep it off the edge (docs/injection.md).
        Retain = Quick().Retain with { Steps = 3500 },
        // 400 forget items into 10% of the value vectors: θo keeps θr's retain knowledge and model utility on all 5 seeds
        // only with both replays weighted and twice the steps (lever table and per-seed check: docs/injection.md). NLL α 3
        // held against the 2500-step θr; against the 3500-step θr (MU 0.827) seed 1 kept 0.949 of θr's MU, α 5 keeps 0.961.
        // Written out in full, not derived from quick's: the two presets' injections are measured separately.
        Inject = new InjectConfig
        {
            Fraction = 0.10,
            RetainReplay = 64,
            CorpusReplay = 32,
            ReplayLoss = new RetainTerm(RetainLossKind.Nll, 5),
            // With every parameter free, NLL replay trains the retain set far past θr (retain ES 0.99 against 0.90):
            // the full-parameter reference is held to θr with KL instead (docs/injection.md).
            FullReplayLoss = new RetainTerm(RetainLossKind.Kl, 3),
            FullLearningRate = 2e-3,
            FullReferenceSeeds = 1,
            Training = new TrainingConfig { Steps = 800, BatchSize = 32, LearningRate = 4e-2, WarmupSteps = 10, Schedule = LrSchedule.Cosine, Seed = 2 },
        },
        Unlearn = SmallModelUnlearn() with { Training = SmallModelUnlearn().Training with { Steps = 100, BatchSize = 32 }, EvalEvery = 20 },
        Reconstruction = Quick().Reconstruction with { Training = Quick().Reconstruction.Training with { Steps = 100, BatchSize = 32 }, EvalEvery = 20 },
        Evaluation = new EvaluationConfig { BatchSize = 64, RetainItems = 400, UtilityItems = 0, MaxNewTokens = 64 },
        // Experiments (d) and (e) (ISSUE-NOTES 16). The dose-response's inner overlaps add 3 unlearning runs per objective
        // and seed; two objectives (those where the study's arms differed most) keep it to ~30 extra runs.
        Relearn = new RelearnConfig { Enabled = true },
        DoseResponse = new DoseResponseConfig { Enabled = true, Objectives = ["wga", "npo"] },
    };

    /// <summary>
    /// Real TOFU on a CPU (issue 15): forget10 (400 items) and retain90 from --data, a small LLaMA trained from scratch with
    /// --tokenizer trimmed to TOFU (RUN/data/tokenizer), the plain question/answer template, θp pretrained on real_authors,
    /// world_facts and the retain answers (TofuPretrainCorpus: no forget author), 5 seeds, localizers on every seed.
    /// Experiments (d) and (e) are opt-in here (relearn.enabled, dose_response.enabled): the time budget counts the study alone.
    /// </summary>
    private static ExperimentConfig Tofu() => Quick() with
    {
        Preset = "tofu",
        Checks = new ChecksConfig(),
        Seeds = 5,
        Data = new DataConfig
        {
            Source = DataSource.Folder, ForgetSplit = "forget10", RetainSplit = "retain90", Template = "plain", MaxLength = 144,
            PretrainCorpus = PretrainCorpusSource.Tofu,
        },
        Model = new ModelConfig { HiddenSize = 192, IntermediateSize = 512, Layers = 4, Heads = 6, KvHeads = 3 },
        Pretrain = new TrainingConfig
        {
            Steps = 600, BatchSize = 32, LearningRate = 3e-3, WarmupSteps = 30, Schedule = LrSchedule.Cosine, Seed = 0, LengthBuckets = true,
        },
        Retain = new RetainConfig
        {
            Steps = 2700, BatchSize = 32, LearningRate = 2e-3, WarmupSteps = 50, Schedule = LrSchedule.Cosine, Seed = 1, LengthBuckets = true,
        },
        RetainCorpusReplay = 8,
        // The standard preset's injection recipe at the same scale (400 forget items): both replays at NLL α 3 (corpus lines
        // from this preset's θp corpus), 800 steps, the reference held to θr with KL (docs/injection.md, "Real TOFU").
        // It does not hold here (seed 0: forget ES 0.033): 10% of this model's value vectors cannot hold real TOFU's forget10
        // even without replay (forget ES 0.106); a model with 8x the value vectors reaches 0.46 at twice θr's cost
        // (docs/benchmarks.md, "Why the tofu injection fails"). The run's setup checks report it; nothing is lowered.
        Inject = Standard().Inject with { Training = Standard().Inject.Training with { LengthBuckets = true } },
        Unlearn = SmallModelUnlearn() with { Training = SmallModelUnlearn().Training with { Steps = 100, BatchSize = 32 }, EvalEvery = 20 },
        Localization = new LocalizationConfig(),
        Reconstruction = Quick().Reconstruction with { Training = Quick().Reconstruction.Training with { Steps = 100, BatchSize = 32 }, EvalEvery = 20 },
        Evaluation = new EvaluationConfig { BatchSize = 64, RetainItems = 400, UtilityItems = 0, MaxNewTokens = 64 },
        Relearn = new RelearnConfig { Enabled = false },
        DoseResponse = new DoseResponseConfig { Enabled = false },
    };

    /// <summary>
    /// The study's setting (LLaMA-3.1-8B-Instruct or OLMo2-7B on real TOFU): the data and model folders come from
    /// --data and --model (or --retain-model). Learning rates follow the unlearning literature for 8B models (1e-5
    /// full-model; the region-restricted runs use the same value); they are configuration, not the study's published
    /// numbers. Every phase fits one 80 GiB GPU by the memory estimate (issue 19): every training block recomputes
    /// activations and takes its effective batch as micro-batches (8 rows × 4; the attack 4 × 4), and the full-parameter
    /// phases (θr, the full-parameter reference, the relearning attack) keep 8-bit Adam state instead of 12 bytes per
    /// parameter. At 512 tokens and a 128k vocabulary a row's fp32 logits alone are ~1 GiB in training.
    /// </summary>
    private static ExperimentConfig Paper()
    {
        var lean = new TrainingConfig { ActivationCheckpointing = true, BatchSize = 8, GradientAccumulation = 4 };
        var full = lean with { Optimizer = OptimizerKind.AdamW8bit };
        return new()
        {
            Preset = "paper",
            Seeds = 5,
            Device = "cuda",
            Data = new DataConfig { Source = DataSource.Folder, ForgetSplit = "forget10", RetainSplit = "retain90", Template = "auto", MaxLength = 512 },
            Model = new ModelConfig { Dtype = WeightDtype.Bfloat16 },
            Pretrain = full, // not run: the paper preset starts from the given θp or θr
            Retain = new RetainConfig
            {
                Steps = 1125, BatchSize = 8, GradientAccumulation = 4, LearningRate = 1e-5, WarmupSteps = 112, Schedule = LrSchedule.Linear,
                WeightDecay = 0.01, ActivationCheckpointing = true, Optimizer = OptimizerKind.AdamW8bit,
            },
            Inject = new InjectConfig
            {
                Fraction = 0.10,
                FullLearningRate = 1e-5,
                // The optimizer applies to the full-parameter reference only; V_tgt's deltas keep fp32 AdamW.
                Training = full with { Steps = 250, LearningRate = 1e-4, WarmupSteps = 25, Schedule = LrSchedule.Linear },
            },
            Unlearn = new UnlearnConfig
            {
                Training = lean with { Steps = 125, LearningRate = 1e-5, WarmupSteps = 12, Schedule = LrSchedule.Linear },
                EvalEvery = 25,
            },
            Reconstruction = new ReconstructionConfig
            {
                Training = lean with { Steps = 125, LearningRate = 1e-4 },
                EvalEvery = 25,
            },
            Evaluation = new EvaluationConfig { BatchSize = 16, RetainItems = 400, UtilityItems = 0, MaxNewTokens = 200 },
            // The attack's 16 rows per step as 4 micro-batches of 4: it holds θo, the attacked copy and its optimizer state.
            // The attack fine-tunes all parameters at the full-model learning rate of the unlearning literature for 8B models.
            Relearn = new RelearnConfig
            {
                Enabled = true,
                Training = new TrainingConfig
                {
                    Steps = 20, BatchSize = 4, GradientAccumulation = 4, LearningRate = 1e-5, WarmupSteps = 2, Schedule = LrSchedule.Linear,
                    Seed = 5, ActivationCheckpointing = true, Optimizer = OptimizerKind.AdamW8bit,
                },
            },
            DoseResponse = new DoseResponseConfig { Enabled = true },
        };
    }
}
