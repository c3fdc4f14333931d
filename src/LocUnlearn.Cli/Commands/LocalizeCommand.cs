using System.CommandLine;
using System.Globalization;
using LocUnlearn.Study.Standalone;
using LocUnlearn.Localization;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn localize`: a localizer's region on one model (SPEC 7), and with --target how much of V_tgt it finds.</summary>
internal static class LocalizeCommand
{
    public static Command Create()
    {
        var io = new ModelDataOptionSet();
        var method = new Option<string>("--method") { Description = $"Localizer: {string.Join(", ", Localizers.Names)}.", Required = true };
        var fraction = new Option<double>("--fraction") { Description = "Share of all value vectors kept (global top p).", DefaultValueFactory = _ => 0.1 };
        var target = new Option<string?>("--target") { Description = "V_tgt region file: print recall and precision of it and the per-layer distribution." };
        var maxItems = new Option<int>("--max-items") { Description = "Forget and retain items the scores use (0 = all).", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Items per forward/backward pass.", DefaultValueFactory = _ => 8 };
        var seed = new Option<long>("--seed") { Description = "Seed of the random localizer and MemFlex's token replacement.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Region file to write; the scores go next to it as NAME.scores.json.", Required = true };
        var command = new Command("localize", "Score every value vector with a localizer and write the top-p region (and the scores).")
            { method, fraction, target, maxItems, batchSize, seed, output };
        foreach (var option in io.All)
            command.Options.Add(option);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var outcome = SingleLocalization.Run(new LocalizeRequest
            {
                Model = io.Read(r),
                Method = r.GetValue(method)!,
                Fraction = r.GetValue(fraction),
                Target = r.GetValue(target),
                Out = r.GetValue(output)!,
                MaxItems = r.GetValue(maxItems),
                BatchSize = r.GetValue(batchSize),
                Seed = r.GetValue(seed),
            });
            Console.WriteLine($"wrote {r.GetValue(output)} ({outcome.Region.Count} of {outcome.Region.Shape.Total} value vectors) and {outcome.ScoresFile}");
            if (outcome.Quality is { } q)
                PrintQuality(q);
            return 0;
        }));
        return command;
    }

    private static void PrintQuality(LocalizationQuality q)
    {
        string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var o = q.Overlap;
        Console.WriteLine($"recall of V_tgt    {F(o.Recall)}  (chance {F(o.ChanceRecall)})");
        Console.WriteLine($"precision of V_tgt {F(o.Precision)}  (chance {F(o.ChancePrecision)})");
        Console.WriteLine($"jaccard            {F(o.Jaccard)}  ({o.Intersection} of {o.Reference} found)");
        Console.WriteLine("layer  count  share");
        for (int l = 0; l < q.PerLayerCounts.Length; l++)
            Console.WriteLine($"{l,5}  {q.PerLayerCounts[l],5}  {F(q.PerLayerShare[l])}");
    }
}
