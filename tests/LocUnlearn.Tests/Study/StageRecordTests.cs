using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Study;
using LocUnlearn.Config;
using LocUnlearn.Common.Progress;
using LocUnlearn.Study.Stages;
using LocUnlearn.Regions;

namespace LocUnlearn.Tests.Study;

/// <summary>`stage inject` on the tiny preset, done once; tests that change inputs work on copies of it.</summary>
public sealed class TinyStagesFixture : IDisposable
{
    private readonly TempFolder temp = new();

    public TinyStagesFixture()
    {
        Dir = Path.Combine(temp.Path, "template");
        Outcomes = new SingleStageRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = Dir }, InjectStage.Name, seed: null);
    }

    public string Dir { get; }
    public IReadOnlyList<StageOutcome> Outcomes { get; }
    public RunLayout Layout => new(Dir);

    /// <summary>A copy of the finished run directory, for a test that reruns stages in it.</summary>
    public string CopyTo(string target)
    {
        foreach (string file in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(Dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose() => temp.Dispose();
}

/// <summary>
/// Stage records (issue 4: config, data split hashes, steps, losses, wall time, region file, invariant), V_rdm kept in
/// step with V_tgt, and stages rerun exactly when their inputs change.
/// </summary>
public sealed class StageRecordTests(TinyStagesFixture fixture) : IClassFixture<TinyStagesFixture>, IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    private static readonly RegionShape TinyShape = new(2, 64); // the tiny preset's model: 2 layers x 64

    private static StageRecord ReadRecord(string stageDir) =>
        JsonSerializer.Deserialize<StageRecord>(File.ReadAllText(Path.Combine(stageDir, StageStore.RecordFile)), ConfigJson.Options)!;

    private static string HashOf(params string[] files) => StudyData.HashFiles(files);

    private static void AssertTrainingRecord(StageRecord r, int steps)
    {
        Assert.NotNull(r.Config);
        Assert.Equal(steps, r.Steps);
        Assert.Equal(r.Steps, r.Losses.Count);
        Assert.All(r.Losses, l => Assert.True(double.IsFinite(l) && l > 0, $"loss {l}"));
        Assert.True(r.WallSeconds > 0, $"wall time {r.WallSeconds}");
        Assert.True(r.TrainableParameters > 0);
        Assert.True(r.OptimizerStateBytes > 0);
    }

    [Fact]
    public void InjectRetainAndPretrainRecordsHoldConfigSplitHashesStepsLossesWallTimeRegionAndInvariant()
    {
        var layout = fixture.Layout;
        var config = Presets.Get("tiny");
        string data = layout.DataDir;
        string forget = Path.Combine(data, TofuSplits.FileName(config.Data.ForgetSplit));
        string retain = Path.Combine(data, TofuSplits.FileName(config.Data.RetainSplit));
        string corpus = Path.Combine(data, SyntheticWorld.PretrainFile);

        string injectDir = layout.Inject(config.FirstSeed);
        var inject = ReadRecord(injectDir);
        AssertTrainingRecord(inject, config.Inject.Training.Steps);
        Assert.Equal(config.Inject.Fraction, inject.Config!["fraction"]!.GetValue<double>());
        // tiny replays corpus lines in the injection like quick, so the corpus it read is recorded beside the splits.
        Assert.True(config.Inject.CorpusReplay > 0);
        Assert.Equal(new Dictionary<string, string>
            {
                [config.Data.ForgetSplit] = HashOf(forget), [config.Data.RetainSplit] = HashOf(retain), ["pretrain"] = HashOf(corpus),
            },
            inject.DataHashes);
        Assert.Equal(HashOf(forget, retain), inject.Inputs["data_hash"]); // the combined hash is kept
        Assert.NotNull(inject.RegionFile);
        string regionPath = Path.Combine(injectDir, inject.RegionFile);
        Assert.True(File.Exists(regionPath), regionPath);
        var target = RegionFile.Load(regionPath, TinyShape);
        Assert.Equal(RegionSampler.CountFor(TinyShape, config.Inject.Fraction), target.Count);
        Assert.NotNull(inject.Invariant);
        Assert.True(inject.Invariant.Holds);
        Assert.Empty(inject.Invariant.ChangedOutsideRegion);
        Assert.True(inject.Invariant.TensorsChecked > 0);
        Assert.Equal(target.Count * config.Model.HiddenSize, inject.TrainableParameters); // value vectors only (free_keys off)
        foreach (string metric in new[] { "forget_es", "retain_es" })
            Assert.InRange(inject.Metrics[metric], 0, 1);
        // The JSON keys themselves are the contract read by reports and users.
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(injectDir, StageStore.RecordFile)))!;
        foreach (string key in new[] { "config", "data_hashes", "inputs", "steps", "losses", "forget_losses", "wall_seconds", "region_file", "invariant", "metrics" })
            Assert.NotNull(json[key]);
        // The forget term apart from the replay: one value per step, and with replay on each is below the step's total.
        Assert.Equal(inject.Steps, inject.ForgetLosses.Count);
        Assert.All(inject.ForgetLosses.Zip(inject.Losses), p => Assert.True(p.First > 0 && p.First < p.Second, $"forget {p.First} vs total {p.Second}"));

        var full = ReadRecord(layout.InjectFull(config.FirstSeed));
        AssertTrainingRecord(full, config.Inject.Training.Steps);
        Assert.Equal(full.Steps, full.ForgetLosses.Count);
        Assert.Equal(inject.DataHashes, full.DataHashes);

        var retainRecord = ReadRecord(layout.Stage(RetainStage.Name));
        AssertTrainingRecord(retainRecord, config.Retain.Steps);
        Assert.Equal(config.Retain.Steps, retainRecord.Config!["steps"]!.GetValue<int>());
        Assert.True(config.RetainCorpusReplay > 0); // so the corpus is an input of θr too
        Assert.Equal(new Dictionary<string, string>
        {
            [config.Data.ForgetSplit] = HashOf(forget), [config.Data.RetainSplit] = HashOf(retain), ["pretrain"] = HashOf(corpus),
        }, retainRecord.DataHashes);
        Assert.Null(retainRecord.RegionFile);
        Assert.Null(retainRecord.Invariant);
        Assert.Empty(retainRecord.ForgetLosses);
        foreach (string metric in new[] { "forget_es", "retain_es" })
            Assert.InRange(retainRecord.Metrics[metric], 0, 1);

        var pretrain = ReadRecord(layout.Stage(PretrainStage.Name));
        AssertTrainingRecord(pretrain, config.Pretrain.Steps);
        Assert.NotNull(pretrain.Config!["training"]);
        Assert.Equal(new Dictionary<string, string> { ["pretrain"] = HashOf(corpus) }, pretrain.DataHashes);
        Assert.Equal(pretrain.Losses[^1], pretrain.Metrics["final_loss"]);
    }

    [Fact]
    public void ForcingAnotherFractionRedrawsVRdmAsLargeAsTheNewVTgtAndDisjointFromIt()
    {
        string dir = fixture.CopyTo(Path.Combine(temp.Path, "run"));
        var layout = new RunLayout(dir);
        long seed = Presets.Get("tiny").FirstSeed;
        var oldTarget = RegionFile.Load(layout.TargetRegion(seed), TinyShape);
        var oldRandom = RegionFile.Load(layout.RandomRegion(seed), TinyShape);
        Assert.Equal(oldTarget.Count, oldRandom.Count);
        Assert.Equal(0, oldTarget.IntersectionCount(oldRandom));
        string staleRandom = File.ReadAllText(layout.RandomRegion(seed));

        string wider = temp.File("wider.json", "{\"inject\": {\"fraction\": 0.25}}");
        new SingleStageRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = dir, ConfigFile = wider, Force = true },
            InjectStage.Name, seed: null);

        var target = RegionFile.Load(layout.TargetRegion(seed), TinyShape);
        var random = RegionFile.Load(layout.RandomRegion(seed), TinyShape);
        Assert.Equal(RegionSampler.CountFor(TinyShape, 0.25), target.Count);
        Assert.Equal(target.Count, random.Count);
        Assert.Equal(0, target.IntersectionCount(random));
        Assert.True(random.SetEquals(RegionSampler.FromComplement(target, target.Count, seed)), "V_rdm is the seed's draw from V_tgt's complement");

        // A report must not pair the new V_tgt with a V_rdm left from the old one (e.g. a job killed between the two).
        Assert.NotNull(SeedSetups.TryRead(layout, seed));
        File.WriteAllText(layout.RandomRegion(seed), staleRandom);
        Assert.Null(SeedSetups.TryRead(layout, seed));
    }

    [Fact]
    public void AChangedRetainInputRerunsRetainAndInjectButSkipsPretrain()
    {
        string dir = fixture.CopyTo(Path.Combine(temp.Path, "run"));
        var layout = new RunLayout(dir);
        long seed = Presets.Get("tiny").FirstSeed;
        var before = new Dictionary<string, StageRecord>
        {
            [PretrainStage.Name] = ReadRecord(layout.Stage(PretrainStage.Name)),
            [RetainStage.Name] = ReadRecord(layout.Stage(RetainStage.Name)),
            [InjectStage.Name] = ReadRecord(layout.Inject(seed)),
            [InjectStage.FullName] = ReadRecord(layout.InjectFull(seed)),
        };

        // Unchanged inputs in the copy: everything is skipped (the copy is a valid run directory).
        var same = new SingleStageRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = dir }, InjectStage.Name, seed: null);
        Assert.All(same, o => Assert.True(o.Skipped, $"{o.Stage} ran again with the same inputs"));

        int steps = Presets.Get("tiny").Retain.Steps + 2;
        string longer = temp.File("longer.json", $"{{\"retain\": {{\"steps\": {steps}}}}}");
        var outcomes = new SingleStageRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = dir, ConfigFile = longer, Force = true },
            InjectStage.Name, seed: null).ToDictionary(o => o.Stage);

        Assert.True(outcomes[PretrainStage.Name].Skipped);
        var pretrain = ReadRecord(layout.Stage(PretrainStage.Name));
        Assert.Equal(before[PretrainStage.Name].CompletedUtc, pretrain.CompletedUtc);
        Assert.Equal(before[PretrainStage.Name].Fingerprint, pretrain.Fingerprint);
        foreach (string stage in new[] { RetainStage.Name, InjectStage.Name, InjectStage.FullName })
        {
            Assert.False(outcomes[stage].Skipped, $"{stage} was skipped although θr changed");
            var now = ReadRecord(outcomes[stage].Directory);
            Assert.NotEqual(before[stage].Fingerprint, now.Fingerprint);
            Assert.True(now.CompletedUtc > before[stage].CompletedUtc, $"{stage} record not rewritten");
        }
        Assert.Equal(steps, ReadRecord(layout.Stage(RetainStage.Name)).Steps);
        // θo is on the new θr: its input is θr's identity (inputs and the content of its files)
        Assert.Equal(ReadRecord(layout.Stage(RetainStage.Name)).Identity(), ReadRecord(layout.Inject(seed)).Inputs["theta_r"]);
    }

    [Theory]
    [InlineData("full_learning_rate", "0.001")]
    [InlineData("full_replay_loss", """{"kind": "kl", "alpha": 3}""")]
    public void AChangedFullReferenceKeyRerunsOnlyTheFullReference(string key, string value)
    {
        string dir = fixture.CopyTo(Path.Combine(temp.Path, "run"));
        var layout = new RunLayout(dir);
        long seed = Presets.Get("tiny").FirstSeed;
        var thetaO = ReadRecord(layout.Inject(seed));
        var full = ReadRecord(layout.InjectFull(seed));

        string changed = temp.File("changed.json", $"{{\"inject\": {{\"{key}\": {value}}}}}");
        var outcomes = new SingleStageRunner(NullProgressSink.Instance).Run(new RunOptions { Preset = "tiny", Out = dir, ConfigFile = changed, Force = true },
            InjectStage.Name, seed: null).ToDictionary(o => o.Stage);

        // θo does not depend on the reference's keys: it (and whatever is downstream of it) stays.
        Assert.True(outcomes[InjectStage.Name].Skipped, $"θo ran again although only {key} changed");
        Assert.Equal(thetaO.CompletedUtc, ReadRecord(layout.Inject(seed)).CompletedUtc);
        Assert.False(outcomes[InjectStage.FullName].Skipped);
        Assert.NotEqual(full.Fingerprint, ReadRecord(layout.InjectFull(seed)).Fingerprint);
    }
}
