using System.Text.Json.Nodes;
using LocUnlearn.Config;

namespace LocUnlearn.Tests.Config;

public class ConfigRoundTripTests
{
    [Fact]
    public void ConfigJsonWritesOnlySettableKeys()
    {
        // Everything written can be read back and means something: no derived value (seed_list, is_active) is written
        // only to be ignored when read.
        foreach (string preset in Presets.Names)
        {
            var settable = ConfigKeys.Settable(typeof(ExperimentConfig)).ToList();
            // A dictionary (e.g. unlearn.learning_rates) is one settable key holding entries.
            var unread = Leaves(ConfigJson.ToNode(Presets.Get(preset)), "")
                .Where(k => !settable.Any(s => k == s || k.StartsWith(s + ".", StringComparison.Ordinal)));
            Assert.Empty(unread);
        }
    }

    [Theory]
    [InlineData("""{"seed_list": [0, 1]}""", "seed_list")]
    [InlineData("""{"unlearn": {"settings": {"npo": {"retain": {"is_active": false}}}}}""", "is_active")]
    [InlineData("""{"unlearn": {"settings": {"npo": {"retain": {"uses_reference": true}}}}}""", "uses_reference")]
    [InlineData("""{"model": {"dtype": "float64"}}""", "model.dtype")]
    [InlineData("""{"evaluation": {"trade_off": "mixture"}}""", "evaluation.trade_off")]
    [InlineData("""{"unlearn": {"keep_checkpoints": "all"}}""", "unlearn.keep_checkpoints")]
    [InlineData("""{"data": {"source": "web"}}""", "data.source")]
    [InlineData("""{"localization": {"settings": {"memflex": {"magnitude_rule": "sigma"}}}}""", "localization.settings.memflex.magnitude_rule")]
    [InlineData("""{"localization": {"settings": {"wagle": {"gradient_reduction": "average"}}}}""", "localization.settings.wagle.gradient_reduction")]
    public void DerivedKeysAndUnknownChoicesAreErrors(string json, string key) =>
        Assert.Contains(key, Assert.Throws<ConfigException>(() => ConfigJson.Merge(Presets.Get("quick"), JsonNode.Parse(json)!.AsObject(), "my.json")).Message);

    [Fact]
    public void ChoicesKeepTheirJsonNames()
    {
        var node = ConfigJson.ToNode(Presets.Get("paper"));
        Assert.Equal("folder", (string?)node["data"]!["source"]);
        Assert.Equal("bfloat16", (string?)node["model"]!["dtype"]);
        Assert.Equal("points", (string?)node["evaluation"]!["trade_off"]);
        Assert.Equal("final", (string?)node["unlearn"]!["keep_checkpoints"]);
        Assert.Equal("median", (string?)node["localization"]!["settings"]!["memflex"]!["magnitude_rule"]);
        Assert.Equal("sum", (string?)node["localization"]!["settings"]!["wagle"]!["gradient_reduction"]);
    }

    [Fact]
    public void LocalizerOptionsRoundTripThroughConfigJson()
    {
        var config = ConfigJson.Merge(Presets.Get("quick"), JsonNode.Parse("""
            {"localization": {"settings": {
              "memflex": {"retain_corrupted": false, "magnitude_rule": "fixed", "magnitude_threshold": 0.0006},
              "wagle": {"gradient_reduction": "mean"}}}}
            """)!.AsObject(), "my.json");
        var settings = config.Localization.Settings;
        Assert.False(settings.MemFlex.RetainCorrupted);
        Assert.Equal(LocUnlearn.Localization.MagnitudeRule.Fixed, settings.MemFlex.MagnitudeRule);
        Assert.Equal(6e-4, settings.MemFlex.MagnitudeThreshold);
        Assert.Equal(LocUnlearn.Localization.GradientReduction.Mean, settings.Wagle.GradientReduction);
        var again = ConfigJson.Parse(ConfigJson.Serialize(config), "config.json");
        Assert.Equal(settings, again.Localization.Settings);
        Assert.Empty(ConfigDiff.Keys(ConfigJson.ToNode(config), ConfigJson.ToNode(again)));
    }

    private static IEnumerable<string> Leaves(JsonNode? node, string path) => node is JsonObject o
        ? o.SelectMany(kv => Leaves(kv.Value, path.Length == 0 ? kv.Key : $"{path}.{kv.Key}"))
        : [path];
}
