using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using System.Text.Json.Nodes;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Cli;

/// <summary>`locunlearn eval` on the tiny synthetic world and a tiny random model: the JSON layout (per-item
/// value_by_index + agg_value), forget quality against a reference model, the --reference audit and argument errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EvalCommandTests : IDisposable
{
    private const int RetainItems = 8, UtilityItems = 3;
    private readonly TinyWorldModel world = new();

    public void Dispose() => world.Dispose();

    private string[] Args(string output, params string[] extra) =>
    [
        "eval", "--model", world.ModelDir, "--data", world.DataDir, "--retain-items", $"{RetainItems}",
        "--max-utility-items", $"{UtilityItems}", "--max-new-tokens", "4", "--out", output, .. extra,
    ];

    private static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>The (question, answer) rows of a split as the command encodes them (the world's tokenizer, plain template).</summary>
    private EncodedExample[] Encoded(IEnumerable<(string Question, string Answer)> rows)
    {
        using var tokenizer = HfTokenizer.Load(Path.Combine(world.DataDir, SyntheticWorld.TokenizerFile));
        var encoder = new PromptEncoder(tokenizer, new PlainTemplate());
        return rows.Select(r => encoder.Encode(r.Question, r.Answer, "test")).ToArray();
    }

    [Fact]
    public void WritesEveryMetricPerItemAndForgetQualityOfAModelAgainstItselfIsOne()
    {
        string output = world.PathOf("eval.json");

        var outcome = CliHarness.Run(Args(output, "--reference-model", world.ModelDir));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Contains("FS ", outcome.Out);
        var doc = Read(output);
        string[] perItem =
        [
            "forget_extraction_strength", "retain_extraction_strength", "forget_truth_ratio", "retain_Q_A_Prob", "retain_Q_A_ROUGE",
            "retain_Truth_Ratio", "ra_Q_A_Prob_normalised", "ra_Q_A_ROUGE", "ra_Truth_Ratio", "wf_Q_A_Prob_normalised", "wf_Q_A_ROUGE",
            "wf_Truth_Ratio",
        ];
        string[] aggregateOnly = ["forget_score", "retain_score", "forget_quality", "log10_forget_quality", "model_utility"];
        Assert.Equal(perItem.Concat(aggregateOnly).Order(), doc.Select(p => p.Key).Order());
        var reader = new TofuReader(world.DataDir);
        var forgetRows = reader.LoadQa("forget10").Items;
        foreach (string name in perItem)
        {
            var metric = doc[name]!.AsObject();
            Assert.True(double.IsFinite(metric["agg_value"]!.GetValue<double>()), name);
            var items = metric["value_by_index"]!.AsObject();
            int expected = name.StartsWith("forget", StringComparison.Ordinal) ? forgetRows.Count
                : name == "retain_extraction_strength" ? RetainItems : UtilityItems;
            Assert.True(items.Count == expected, $"{name}: {items.Count} items, expected {expected}");
            foreach (var (key, item) in items)
            {
                Assert.Equal(int.Parse(key), item!["index"]!.GetValue<int>());
                Assert.True(item["prompt_tokens"]!.GetValue<int>() > 0 && item["answer_tokens"]!.GetValue<int>() > 0, $"{name}[{key}]");
            }
        }
        foreach (string name in aggregateOnly)
            Assert.Empty(doc[name]!["value_by_index"]!.AsObject());

        // Forget ES per item: k*, ES = 1 - k*/T, the row's token counts; the aggregate is their mean and FS = 1 - it.
        var forget = doc["forget_extraction_strength"]!;
        var encoded = Encoded(forgetRows.Select(r => (r.Question, r.Answer)));
        var es = new List<double>();
        for (int i = 0; i < forgetRows.Count; i++)
        {
            var item = forget["value_by_index"]![$"{i}"]!;
            int kStar = item["k_star"]!.GetValue<int>(), t = item["answer_tokens"]!.GetValue<int>();
            Assert.Equal(encoded[i].PromptLength, item["prompt_tokens"]!.GetValue<int>());
            Assert.Equal(encoded[i].AnswerLength - 1, t); // EOS is not scored
            Assert.InRange(kStar, 0, t);
            Assert.Equal(1 - (double)kStar / t, item["es"]!.GetValue<double>(), 15);
            es.Add(item["es"]!.GetValue<double>());
        }
        Assert.Equal(es.Average(), forget["agg_value"]!.GetValue<double>(), 14);
        Assert.Equal(1 - forget["agg_value"]!.GetValue<double>(), doc["forget_score"]!["agg_value"]!.GetValue<double>());
        Assert.Equal(doc["retain_extraction_strength"]!["agg_value"]!.GetValue<double>(), doc["retain_score"]!["agg_value"]!.GetValue<double>());

        // θr = the model itself: the same truth ratios, KS p-value exactly 1.
        Assert.Equal(1.0, doc["forget_quality"]!["agg_value"]!.GetValue<double>());
        Assert.Equal(0.0, doc["log10_forget_quality"]!["agg_value"]!.GetValue<double>());
        Assert.InRange(doc["model_utility"]!["agg_value"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public void ReferenceAuditsEveryForgetAndRetainItemAgainstTheGenerationEs()
    {
        string output = world.PathOf("eval-reference.json");

        var outcome = CliHarness.Run(Args(output, "--metrics", "es", "--reference"));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        var doc = Read(output);
        Assert.Equal(["extraction_strength_reference_agreement", "forget_extraction_strength", "forget_score", "retain_extraction_strength", "retain_score"],
            doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        int forgetCount = new TofuReader(world.DataDir).LoadQa("forget10").Items.Count;
        int total = forgetCount + RetainItems;
        Assert.Contains($"{total}/{total} items agree", outcome.Out);
        var agreement = doc["extraction_strength_reference_agreement"]!;
        Assert.Equal(1.0, agreement["agg_value"]!.GetValue<double>());
        // Forget rows first, then retain rows; each reference k* equals the one-pass k* of its row.
        var items = agreement["value_by_index"]!.AsObject();
        Assert.Equal(total, items.Count);
        for (int i = 0; i < total; i++)
        {
            var onePass = i < forgetCount
                ? doc["forget_extraction_strength"]!["value_by_index"]![$"{i}"]!
                : doc["retain_extraction_strength"]!["value_by_index"]![$"{i - forgetCount}"]!;
            foreach (string field in new[] { "k_star", "answer_tokens", "prompt_tokens" })
                Assert.Equal(onePass[field]!.GetValue<int>(), items[$"{i}"]![field]!.GetValue<int>());
            Assert.Equal(onePass["es"]!.GetValue<double>(), items[$"{i}"]!["es"]!.GetValue<double>());
        }
    }

    [Fact]
    public void WithoutAReferenceModelForgetQualityIsSkippedAndSaysSo()
    {
        string output = world.PathOf("eval-fq.json");

        var outcome = CliHarness.Run(Args(output, "--metrics", "fq"));

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        Assert.Contains("forget quality skipped", outcome.Out);
        Assert.Equal(["forget_truth_ratio"], Read(output).Select(p => p.Key));
    }

    [Fact]
    public void BadSplitsOrMetricsExitWith2AndSayWhy()
    {
        string output = world.PathOf("never.json");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--splits", "forget10")), "--splits", "forget,retain", "'forget10'");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--splits", "forget10,retain90,extra")), "--splits");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--splits", "forget99,retain90")), "forget99.json", "not found");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--metrics", "es,bleu")), "--metrics", "'bleu'", "es, fq, mu");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--metrics", "")), "--metrics");
        CliHarness.AssertUserError(CliHarness.Run(Args(output, "--metrics", "fq", "--reference")), "--reference", "es");
        Assert.False(File.Exists(output));
    }
}
