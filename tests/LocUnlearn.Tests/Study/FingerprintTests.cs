using System.Text.Json.Nodes;
using LocUnlearn.Config;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Tests.Study;

/// <summary>Stage fingerprints hash the canonical JSON of their inputs: a key added later at its neutral value must not
/// invalidate finished runs, and every real difference must still change the fingerprint.</summary>
public sealed class FingerprintTests
{
    private sealed record Before(int Steps, double LearningRate, string Name);

    private sealed record After(int Steps, double LearningRate, string Name, bool LengthBuckets, int? Workers, double Alpha, Nested Extra);

    private sealed record Nested(bool On, string? Path);

    [Fact]
    public void A_key_added_at_its_neutral_value_leaves_the_fingerprint_unchanged()
    {
        var before = new Before(100, 1e-2, "wga");
        var after = new After(100, 1e-2, "wga", LengthBuckets: false, Workers: null, Alpha: 0, Extra: new Nested(false, null));
        Assert.Equal(StageStore.Fingerprint(before, "upstream", 3L), StageStore.Fingerprint(after, "upstream", 3L));
    }

    [Theory]
    [InlineData(true, null, 0.0, false)]
    [InlineData(false, 2, 0.0, false)]
    [InlineData(false, null, 0.5, false)]
    [InlineData(false, null, 0.0, true)]
    public void A_key_away_from_its_neutral_value_changes_the_fingerprint(bool buckets, int? workers, double alpha, bool nestedOn)
    {
        var neutral = new After(100, 1e-2, "wga", false, null, 0, new Nested(false, null));
        var moved = new After(100, 1e-2, "wga", buckets, workers, alpha, new Nested(nestedOn, null));
        Assert.NotEqual(StageStore.Fingerprint(neutral), StageStore.Fingerprint(moved));
    }

    [Fact]
    public void The_synthetic_worlds_data_fingerprint_is_the_one_runs_made_before_the_extra_forget_split_recorded()
    {
        // RUN/data/.complete of a standard run made at 0b64631, before SyntheticWorldOptions gained ExtraForgetPercent:
        // a serialized member added to the options (a property, not a method) would make every such run rebuild its data.
        var standard = LocUnlearn.Study.RunData.WorldOptions(Presets.Get("standard"));
        Assert.Equal("53673320e8a993ac", StageStore.Fingerprint(standard));
        Assert.NotEqual("53673320e8a993ac", StageStore.Fingerprint(standard with { ExtraForgetPercent = 40 }));
    }

    [Fact]
    public void Values_and_array_positions_still_count()
    {
        Assert.NotEqual(StageStore.Fingerprint(new Before(100, 1e-2, "wga")), StageStore.Fingerprint(new Before(101, 1e-2, "wga")));
        Assert.NotEqual(StageStore.Fingerprint(new Before(100, 1e-2, "wga")), StageStore.Fingerprint(new Before(100, 1e-2, "npo")));
        Assert.NotEqual(StageStore.Fingerprint(null, "a"), StageStore.Fingerprint("a"));
        Assert.NotEqual(StageStore.Fingerprint(new[] { 0, 1 }), StageStore.Fingerprint(new[] { 1 }));
        Assert.NotEqual(StageStore.Fingerprint(new[] { 0.0, 1.0 }), StageStore.Fingerprint(new[] { 1.0, 0.0 }));
    }

    [Fact]
    public void The_retain_block_fingerprint_follows_its_values()
    {
        var config = Presets.Get("standard");
        string original = StageStore.Fingerprint(config.Retain);
        Assert.NotEqual(original, StageStore.Fingerprint(config.Retain with { LengthBuckets = true }));
        Assert.NotEqual(original, StageStore.Fingerprint(config.Retain with { Steps = config.Retain.Steps + 1 }));
        Assert.NotEqual(original, StageStore.Fingerprint(config.Retain with { WeightDecay = 0.01 }));
    }

    [Theory]
    [InlineData("null", true)]
    [InlineData("false", true)]
    [InlineData("0", true)]
    [InlineData("0.0", true)]
    [InlineData("-0", true)]
    [InlineData("0e5", true)]
    [InlineData("{}", true)]
    [InlineData("true", false)]
    [InlineData("1e-9", false)]
    [InlineData("\"\"", false)]
    [InlineData("[]", false)]
    [InlineData("\"none\"", false)]
    public void Neutral_values_are_null_false_zero_and_empty_objects(string json, bool neutral) =>
        Assert.Equal(neutral, CanonicalJson.IsNeutral(JsonNode.Parse(json)));

    [Fact]
    public void Canonical_form_drops_neutral_properties_recursively_and_keeps_array_elements()
    {
        var node = JsonNode.Parse("""{"a": 1, "b": false, "c": {"d": 0, "e": null}, "f": [0, null, {"g": false}], "h": "x"}""");
        Assert.Equal("""{"a":1,"f":[0,null,{}],"h":"x"}""", CanonicalJson.Of(node));
    }
}
