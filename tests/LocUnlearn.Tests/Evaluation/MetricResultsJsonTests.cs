using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Evaluation;

namespace LocUnlearn.Tests.Evaluation;

public class MetricResultsJsonTests
{
    private static Dictionary<string, MetricResult> Sample() => new()
    {
        ["forget_es"] = new MetricResult(0.75, new Dictionary<int, ItemMetrics>
        {
            [0] = new() { Index = 0, PromptTokens = 12, AnswerTokens = 4, KStar = 1, Es = 0.75 },
            [3] = new() { Index = 3, PromptTokens = 10, AnswerTokens = 8, KStar = 2, Es = 0.75 },
        }),
        ["forget_truth_ratio"] = new MetricResult(0.4, new Dictionary<int, ItemMetrics>
        {
            [0] = new() { Index = 0, TruthRatio = double.PositiveInfinity },
        }),
    };

    [Fact]
    public void LayoutMatchesOpenUnlearning()
    {
        var node = JsonNode.Parse(MetricResultsJson.Serialize(Sample()))!;
        Assert.Equal(0.75, node["forget_es"]!["agg_value"]!.GetValue<double>());
        var item = node["forget_es"]!["value_by_index"]!["3"]!.AsObject();
        Assert.Equal(2, item["k_star"]!.GetValue<int>());
        Assert.Equal(8, item["answer_tokens"]!.GetValue<int>());
        Assert.False(item.ContainsKey("truth_ratio")); // unset fields are not written
    }

    [Fact]
    public void RoundTripsThroughAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"locunlearn-metrics-{Guid.NewGuid():N}", "eval.json");
        try
        {
            MetricResultsJson.Write(path, Sample());
            var back = MetricResultsJson.Read(path);
            Assert.Equal(0.75, back["forget_es"].AggValue);
            Assert.Equal(Sample()["forget_es"].ValueByIndex[3], back["forget_es"].ValueByIndex[3]);
            Assert.Equal(double.PositiveInfinity, back["forget_truth_ratio"].ValueByIndex[0].TruthRatio);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temp file left behind
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void UnknownFieldsAreErrors()
    {
        const string json = """{ "m": { "agg_value": 1, "value_by_index": { "0": { "index": 0, "bogus": 1 } } } }""";
        Assert.Throws<JsonException>(() => MetricResultsJson.Deserialize(json));
    }
}
