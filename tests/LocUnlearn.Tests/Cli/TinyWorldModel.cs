using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Regions;
using LocUnlearn.Tests.Model;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Cli;

/// <summary>
/// A tiny synthetic world (the `tiny` preset) on disk, a tiny random model whose vocabulary is the world tokenizer's
/// (else token ids would fall outside the embedding), saved as an HF folder, and a 10% region file for it.
/// </summary>
internal sealed class TinyWorldModel : IDisposable
{
    private readonly TempFolder folder = new();

    public TinyWorldModel()
    {
        DataDir = Path.Combine(folder.Path, "data");
        SyntheticWorld.Generate(SyntheticWorldOptions.Preset("tiny")).Write(DataDir);
        int vocab;
        using (var tokenizer = HfTokenizer.Load(Path.Combine(DataDir, SyntheticWorld.TokenizerFile)))
            vocab = tokenizer.VocabSize;
        var config = TinyModels.Config(vocab: vocab);
        Shape = new RegionShape(config.NumHiddenLayers, config.IntermediateSize);
        ModelDir = Path.Combine(folder.Path, "model");
        using (var model = TinyModels.Create(config))
            ModelFolder.Save(model, ModelDir);
        RegionPath = Path.Combine(folder.Path, "v_tgt.json");
        RegionFile.Save(RegionSampler.UniformGlobal(Shape, 0.1, seed: 3), RegionPath, "V_tgt");
    }

    public string Root => folder.Path;
    public string DataDir { get; }
    public string ModelDir { get; }
    public string RegionPath { get; }
    public RegionShape Shape { get; }

    public string PathOf(string name) => Path.Combine(folder.Path, name);

    public void Dispose() => folder.Dispose();
}
