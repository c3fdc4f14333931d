using LocUnlearn.Config;
using LocUnlearn.Common.Progress;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using static TorchSharp.torch;

namespace LocUnlearn.Study;

/// <summary>What every stage of one study run shares: the resolved config, the run directory, the data, where
/// progress goes, and how models are materialised (device, dtype).</summary>
public sealed class StudyContext : IDisposable
{
    /// <summary>Also reports the data's truncation warning, so every entry point (run, stage, job) says it.</summary>
    public StudyContext(ExperimentConfig config, RunLayout layout, StudyData data, IProgressSink progress)
    {
        Config = config;
        Layout = layout;
        Data = data;
        Progress = progress;
        Models = new ModelCache(LoadModel);
        if (data.TruncationWarning() is { } warning)
            progress.Log(warning);
    }

    public ExperimentConfig Config { get; }
    public RunLayout Layout { get; }
    public StudyData Data { get; }
    public IProgressSink Progress { get; }
    /// <summary>θo and θr as the experiments' jobs share them (stages load their own copies).</summary>
    public ModelCache Models { get; }

    public ScalarType DType => Config.Model.Dtype.ScalarType();

    public ModelLoadOptions LoadOptions => new(Config.Device, DType);

    public LlamaForCausalLM LoadModel(string dir) => ModelFolder.Load(dir, LoadOptions);

    public void Dispose()
    {
        Models.Dispose();
        Data.Dispose();
    }
}
