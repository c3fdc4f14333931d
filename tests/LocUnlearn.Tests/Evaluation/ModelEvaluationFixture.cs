using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Model;
using LocUnlearn.Tests.Model;
using LocUnlearn.Text;
using LocUnlearn.Training;

namespace LocUnlearn.Tests.Evaluation;

/// <summary>
/// Shared by the model-evaluation tests (built once, a few seconds): the <c>tiny</c> synthetic world on disk, its
/// tokenizer and plain-template encoder, a random model sized to the vocabulary, and a model trained briefly on the
/// retain rows so that some answers are partly memorised (0 &lt; k* &lt; T).
/// </summary>
public sealed class ModelEvaluationFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public ModelEvaluationFixture()
    {
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny", seed: 4)).Write(_folder.Path);
        Reader = new TofuReader(_folder.Path);
        Tokenizer = HfTokenizer.Load(System.IO.Path.Combine(_folder.Path, SyntheticWorld.TokenizerFile));
        Encoder = new PromptEncoder(Tokenizer, new PlainTemplate());
        Config = TinyModels.Config(vocab: Tokenizer.VocabSize) with
        {
            HiddenSize = 48,
            IntermediateSize = 96,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 2,
            HeadDim = 12,
            EosTokenIds = [Encoder.EosId],
            PadTokenId = 0,
            BosTokenId = null,
            InitializerRange = 0.05,
        };
        RandomModel = TinyModels.Create(Config, seed: 2);
        TrainedModel = TinyModels.Create(Config, seed: 3);
        RetainExamples = Reader.LoadQa("retain90").Items.Select(i => Encoder.Encode(i.Question, i.Answer, i.Source.ToString())).ToArray();
        ForgetExamples = Reader.LoadQa("forget10").Items.Select(i => Encoder.Encode(i.Question, i.Answer, i.Source.ToString())).ToArray();
        Train(TrainedModel, RetainExamples);
    }

    public string DataFolder => _folder.Path;
    public TofuReader Reader { get; }
    public HfTokenizer Tokenizer { get; }
    public PromptEncoder Encoder { get; }
    public LlamaConfig Config { get; }
    public LlamaForCausalLM RandomModel { get; }
    public LlamaForCausalLM TrainedModel { get; }
    public IReadOnlyList<EncodedExample> RetainExamples { get; }
    public IReadOnlyList<EncodedExample> ForgetExamples { get; }

    public long[] ExcludedTargets => [Encoder.EosId];

    /// <summary>Full-parameter training on random batches of the retain rows: long enough that the model reproduces
    /// parts of many answers, short enough (~2 s) that most are not fully memorised.</summary>
    private static void Train(LlamaForCausalLM model, IReadOnlyList<EncodedExample> examples)
    {
        var collator = new Collator(0);
        var rng = new Random(5);
        var config = new TrainingConfig { Steps = 60, BatchSize = 16, LearningRate = 1e-2, MaxGradNorm = 1.0 };
        using var set = new FullParameterSet(model);
        new Trainer().Train(set, config, (_, _) =>
        {
            var rows = Enumerable.Range(0, config.BatchSize).Select(_ => rng.Next(examples.Count)).ToArray();
            var batch = collator.CollateIndices(examples, rows);
            return CausalLmLoss.MeanNll(model.forward(batch.InputIds, batch.AttentionMask), batch.Labels);
        }, "evaluation test model");
        foreach (var p in model.parameters())
            p.requires_grad_(false);
    }

    public void Dispose()
    {
        RandomModel.Dispose();
        TrainedModel.Dispose();
        Tokenizer.Dispose();
        _folder.Dispose();
    }
}
