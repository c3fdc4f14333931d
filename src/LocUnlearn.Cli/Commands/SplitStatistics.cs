using System.Globalization;
using LocUnlearn.Data;
using LocUnlearn.Text;
using Spectre.Console;

namespace LocUnlearn.Cli.Commands;

/// <summary>The `data stats` table: per split, its rows and (with a tokenizer) token lengths and unknown-token rate.</summary>
internal static class SplitStatistics
{
    public static Table Table(TofuReader reader, PromptEncoder? encoder, Action<string> warn)
    {
        var table = new Table().AddColumns("split", "rows", "tokens p50", "p90", "p99", "max", "unk rate");
        foreach (string split in TofuSplits.PlainSplits.Where(reader.Has))
        {
            var loaded = reader.LoadQa(split);
            Warn(loaded.Warnings, warn);
            AddRow(table, split, loaded.Items.Select(i => (i.Question, i.Answer, i.Source.ToString())).ToList(), encoder);
        }
        foreach (string split in TofuSplits.PerturbedSplits.Where(reader.Has))
        {
            var loaded = reader.LoadPerturbed(split);
            Warn(loaded.Warnings, warn);
            AddRow(table, split, loaded.Items.Select(i => (i.Question, i.Answer, i.Source.ToString())).ToList(), encoder);
        }
        foreach (string split in TofuSplits.MultipleChoiceSplits.Where(reader.Has))
        {
            var loaded = reader.LoadMultipleChoice(split);
            Warn(loaded.Warnings, warn);
            AddRow(table, split, loaded.Items.Select(i => (i.Question, i.Answer, i.Source.ToString())).ToList(), encoder);
        }
        // The same warning `run` and `eval` give: an answer longer than the max length is cut when encoded.
        if (encoder is { TruncatedItems.Count: > 0 and var n })
            warn($"warning: {n} rows are longer than {encoder.MaxLength} tokens and are cut when encoded ({string.Join(", ", encoder.TruncatedItems.Take(3))}" +
                 $"{(n > 3 ? ", ..." : "")}); the token lengths above are after the cut. Raise data.max_length to keep them whole.");
        return table;
    }

    private static void Warn(IEnumerable<string> warnings, Action<string> warn)
    {
        foreach (string w in warnings)
            warn(w);
    }

    private static void AddRow(Table table, string split, List<(string Question, string Answer, string Name)> items, PromptEncoder? encoder)
    {
        string rows = items.Count.ToString(CultureInfo.InvariantCulture);
        if (encoder is null)
        {
            table.AddRow(split, rows, "-", "-", "-", "-", "-");
            return;
        }
        var lengths = new List<int>(items.Count);
        long unknown = 0;
        long total = 0;
        int? unk = encoder.Tokenizer.UnknownTokenId;
        foreach ((string question, string answer, string name) in items)
        {
            EncodedExample e = encoder.Encode(question, answer, name);
            lengths.Add(e.Length);
            total += e.Length;
            if (unk is int u)
                unknown += e.InputIds.Count(id => id == u);
        }
        lengths.Sort();
        table.AddRow(
            split, rows, Percentile(lengths, 0.5), Percentile(lengths, 0.9), Percentile(lengths, 0.99),
            lengths[^1].ToString(CultureInfo.InvariantCulture),
            unk is null ? "n/a" : (unknown / (double)total).ToString("P2", CultureInfo.InvariantCulture));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static string Percentile(List<int> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)].ToString(CultureInfo.InvariantCulture);
}
