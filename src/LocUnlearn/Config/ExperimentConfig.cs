using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Config;

/// <summary>
/// The full, resolved configuration of a study run (written to the run directory's config.json). JSON keys are the
/// snake_case property names; unknown keys are errors. Defaults follow SPEC.md; presets override them.
/// </summary>
public sealed record ExperimentConfig
{
    public string Preset { get; init; } = "quick";
    /// <summary>Number of seeds (SPEC 4.7: one seed = one V_tgt, θo, V_rdm and training randomness).</summary>
    public int Seeds { get; init; } = 3;
    /// <summary>First seed; seeds are first_seed .. first_seed + seeds - 1.</summary>
    public long FirstSeed { get; init; }
    public string Device { get; init; } = "cpu";
    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default (all cores).</summary>
    public int Threads { get; init; }
    /// <summary>Refuse to start when the memory estimate exceeds the memory available (see MemoryCheck). Does not
    /// change results, so a run directory resumes whatever its value.</summary>
    public bool MemoryCheck { get; init; } = true;
    public DataConfig Data { get; init; } = new();
    public ModelConfig Model { get; init; } = new();
    public TrainingConfig Pretrain { get; init; } = new();
    public RetainConfig Retain { get; init; } = new();
    /// <summary>
    /// Pretraining-corpus lines mixed into every θr fine-tuning batch (synthetic world only). A small model fine-tuned
    /// on the retain QA alone forgets the general knowledge that model utility measures (real authors, world facts);
    /// a large pretrained model does not, so real runs keep 0.
    /// </summary>
    public int RetainCorpusReplay { get; init; }
    public InjectConfig Inject { get; init; } = new();
    public UnlearnConfig Unlearn { get; init; } = new();
    public LocalizationConfig Localization { get; init; } = new();
    public ReconstructionConfig Reconstruction { get; init; } = new();
    public EvaluationConfig Evaluation { get; init; } = new();
    /// <summary>Experiment (d): relearning attacks on the unlearned models (SPEC 12).</summary>
    public RelearnConfig Relearn { get; init; } = new();
    /// <summary>Experiment (e): unlearning in regions holding a fraction q of V_tgt (SPEC 12).</summary>
    public DoseResponseConfig DoseResponse { get; init; } = new();
    /// <summary>The controlled setup's requirements (SPEC 4.4), checked in every run.</summary>
    public ChecksConfig Checks { get; init; } = new();
    /// <summary>The comparisons' tests, CIs and equivalence margins (SPEC 10).</summary>
    public StatisticsConfig Statistics { get; init; } = new();

    /// <summary>The objectives experiment (e) runs (dose_response.objectives, empty = all), none when it is off.</summary>
    public IReadOnlyList<string> DoseResponseObjectives() =>
        !DoseResponse.Enabled ? [] : DoseResponse.Objectives.Count > 0 ? DoseResponse.Objectives : Unlearn.Objectives;

    /// <summary>The Hugging Face folder whose config.json, tokenizer and chat template the study uses: θp's
    /// (model.path), else a given θr's (retain.model_path); null when the tool pretrains θp.</summary>
    public string? ModelFolder() => Model.Path ?? Retain.ModelPath;

    /// <summary>θp is needed only as θr's starting point: not when θr is given.</summary>
    public bool NeedsThetaP() => Retain.ModelPath is null;

    /// <summary>The seeds (a method, not a property, so it is neither written to config.json nor accepted from it).</summary>
    public IEnumerable<long> SeedList() => Enumerable.Range(0, Seeds).Select(i => FirstSeed + i);
}

/// <summary>Where the TOFU-format data comes from.</summary>
public sealed record DataConfig
{
    /// <summary>"synthetic" (generated into the run directory) or "folder" (a TOFU folder at <see cref="Path"/>).</summary>
    public DataSource Source { get; init; } = DataSource.Synthetic;
    public string? Path { get; init; }
    public int Authors { get; init; } = 40;
    public int QaPerAuthor { get; init; } = 10;
    public long WorldSeed { get; init; }
    public string ForgetSplit { get; init; } = "forget10";
    public string RetainSplit { get; init; } = "retain90";
    /// <summary>Chat template: plain, llama3, olmo2, or "auto" (detected from the model folder).</summary>
    public string Template { get; init; } = "plain";
    /// <summary>
    /// Tokenizer file; null = the synthetic world's, or the model folder's tokenizer.json. When the tool trains θp (no
    /// model.path), a byte-level BPE file given here is trimmed to the data's texts into RUN/data/tokenizer/ (RunData).
    /// </summary>
    public string? Tokenizer { get; init; }
    public int MaxLength { get; init; } = 128;
    /// <summary>θp's pretraining corpus when the tool trains θp: the data folder's pretrain.jsonl, or built from TOFU.</summary>
    public PretrainCorpusSource PretrainCorpus { get; init; } = PretrainCorpusSource.Folder;
}

/// <summary>θp: a user's HF model folder, or a small LLaMA the tool pretrains on the synthetic world.</summary>
public sealed record ModelConfig
{
    public string? Path { get; init; }
    public int HiddenSize { get; init; } = 128;
    public int IntermediateSize { get; init; } = 344;
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public int KvHeads { get; init; } = 2;
    public double RopeTheta { get; init; } = 10000;
    public bool TieWordEmbeddings { get; init; } = true;
    /// <summary>Weights' dtype: float32, bfloat16 or float16.</summary>
    public WeightDtype Dtype { get; init; } = WeightDtype.Float32;
}

/// <summary>θr → θo: train only V_tgt on the forget set (SPEC 4.4), plus the full-parameter reference.</summary>
public sealed record InjectConfig
{
    public TrainingConfig Training { get; init; } = new();
    public double Fraction { get; init; } = 0.10;
    public bool FreeKeys { get; init; }
    /// <summary>
    /// Retain items mixed into every injection batch. The study trains θo on D_f only; on a small model whose forget
    /// and retain questions share templates, that overwrites retain answers through the shared value vectors, so the
    /// quick presets replay retain items (θo must keep θr's retain performance, SPEC 4.4). 0 = the study's recipe.
    /// </summary>
    public int RetainReplay { get; init; }
    /// <summary>
    /// Pretraining-corpus lines (synthetic world) replayed beside every injection batch. Model utility measures the
    /// general knowledge θp learned from that corpus (real authors, world facts); on a small model retain replay alone
    /// keeps the retain set but not that knowledge (docs/injection.md). 0 = none.
    /// </summary>
    public int CorpusReplay { get; init; }
    /// <summary>How the replayed rows enter the loss: NLL of their labels, or KL(π_θr ‖ π_θ) on them (π_θr = the model
    /// before injection), weighted by α beside the forget NLL.</summary>
    public RetainTerm ReplayLoss { get; init; } = new();
    /// <summary>Also inject with all parameters and the same budget, the "learned as well as full fine-tuning" reference.</summary>
    public bool FullReference { get; init; } = true;
    /// <summary>How many of the seeds get the full-parameter reference (0 = all); it costs a full fine-tuning run each.</summary>
    public int FullReferenceSeeds { get; init; }
    /// <summary>Learning rate of the full-parameter reference (same data, batches and steps). Region deltas need a
    /// much larger rate than full fine-tuning, which diverges at the region's rate.</summary>
    public double FullLearningRate { get; init; } = 2e-3;
    /// <summary>Steps of the full-parameter reference (0 = inject.training.steps): with every parameter free it learns
    /// the forget set in far fewer steps than a 10% region, so a preset may spend less on it.</summary>
    public int FullSteps { get; init; }

    /// <summary>The reference's schedule: θo's, at its own learning rate and (when set) its own number of steps.</summary>
    public TrainingConfig FullTraining() => Training with
    {
        LearningRate = FullLearningRate,
        Steps = FullSteps > 0 ? FullSteps : Training.Steps,
    };
    /// <summary>How the full-parameter reference weighs the same replayed rows (its own term, like its own learning rate):
    /// with every parameter free, NLL replay trains the retain set well past θr (docs/injection.md), so a preset may
    /// hold the reference to θr with KL while θo uses NLL.</summary>
    public RetainTerm FullReplayLoss { get; init; } = new();
}

public sealed record UnlearnConfig
{
    public IReadOnlyList<string> Objectives { get; init; } = ["wga", "npo", "dpo", "rmu"];
    public TrainingConfig Training { get; init; } = new();
    /// <summary>Evaluate every k steps (and at step 0 and the end).</summary>
    public int EvalEvery { get; init; } = 10;
    /// <summary>Hyper-parameters of every objective (SPEC 6 defaults), e.g. {"npo": {"beta": 0.1}, "rmu": {"layer": 1}}.</summary>
    public ObjectiveSettings Settings { get; init; } = new();
    /// <summary>Per-objective learning rates overriding training.learning_rate (objectives differ in scale).</summary>
    public IReadOnlyDictionary<string, double> LearningRates { get; init; } = new Dictionary<string, double>();
    /// <summary>"final": keep each run's unlearned model; "none": keep only trajectories and results.</summary>
    public KeptCheckpoints KeepCheckpoints { get; init; } = KeptCheckpoints.Final;
}

public sealed record LocalizationConfig
{
    /// <summary>Localizers compared (experiment b); "random" is a uniform localizer over all value vectors.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [.. Localization.Localizers.Names];
    /// <summary>How many of the study's seeds experiment (b) uses (0 = all).</summary>
    public int Seeds { get; init; }
    /// <summary>Forget/retain items used to compute scores (0 = all).</summary>
    public int MaxItems { get; init; }
    /// <summary>The localizers' settings, e.g. {"memflex": {"cosine_threshold": 0.92}, "wagle": {"mu": 0.001}} (SPEC 7).</summary>
    public Localization.LocalizerSettings Settings { get; init; } = new();
}

public sealed record ReconstructionConfig
{
    public bool Enabled { get; init; } = true;
    /// <summary>Random regions A, B, C, ... (each as large as V_tgt, from its complement) beside the Oracle region.</summary>
    public int RandomRegions { get; init; } = 3;
    public TrainingConfig Training { get; init; } = new();
    public int EvalEvery { get; init; } = 10;
    /// <summary>When the report may call the random regions' change "the same" as the Oracle region's (finding c).</summary>
    public SameChangeTolerances SameChange { get; init; } = new();
}

public sealed record EvaluationConfig
{
    public int BatchSize { get; init; } = 64;
    /// <summary>Retain items used for RS (0 = the whole retain split).</summary>
    public int RetainItems { get; init; }
    /// <summary>Items per utility split (retain_perturbed, real_authors, world_facts); 0 = all.</summary>
    public int UtilityItems { get; init; }
    /// <summary>Greedy answers for ROUGE-L: at most this many new tokens (SPEC 9: 200), stopping at EOS.</summary>
    public int MaxNewTokens { get; init; } = 200;
    /// <summary>How a run's AUES and MU95 are computed (SPEC 9): "points" = over its evaluated checkpoints (default);
    /// "mixing" = over model mixtures θ(α) = (1-α)θo + αθu of its final weights (α grid, and bisection to 0.95·MU(θo)).</summary>
    public TradeOffMode TradeOff { get; init; } = TradeOffMode.Points;
    /// <summary>α values of the mixing grid, 0 and 1 included (trade_off = "mixing").</summary>
    public int MixingGrid { get; init; } = 11;
}
