using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json.Nodes;
using LocUnlearn.Study;
using LocUnlearn.Common.Progress;

namespace LocUnlearn.Tests.Study;

/// <summary>The paper preset trains in bfloat16; the tiny study in bf16 (seconds, CPU) covers every stage and objective.</summary>
public sealed class Bf16StudyTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void TheTinyStudyRunsInBfloat16()
    {
        string config = Path.Combine(temp.Path, "bf16.json");
        File.WriteAllText(config, """{ "model": { "dtype": "bfloat16" } }""");
        string dir = Path.Combine(temp.Path, "run");

        var outcome = new StudyRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", ConfigFile = config, Out = dir });

        Assert.NotEmpty(outcome.Experiments.Runs);
        Assert.All(outcome.Experiments.Runs, r => Assert.True(r.Ok, r.Error));
        Assert.All(outcome.Experiments.Runs.Where(r => r.Invariant is not null), r => Assert.True(r.Invariant!.Holds));
        foreach (var stage in new[] { "stages/retain/model", "seeds/seed-0/inject/model" })
        {
            var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, stage, "config.json")))!;
            Assert.Equal("bfloat16", saved["torch_dtype"]!.GetValue<string>());
        }
    }
}
