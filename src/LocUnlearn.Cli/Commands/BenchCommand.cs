using LocUnlearn.Common;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LocUnlearn.Bench;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Jobs;
using Spectre.Console;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn bench [case]`: timed cases with stated targets, a table on the terminal and a JSON file.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var options = new BenchOptions();
        var command = new Command("bench", "Measure training step, ES, generation, memory and quick-preset wall time against the stated targets.");
        options.AddTo(command);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var settings = options.Read(r);
            if (r.GetValue(options.Threads) is > 0 and var n)
                TorchSharp.torch.set_num_threads(n);
            var started = DateTime.UtcNow;
            var results = BenchSuite.Run(r.GetValue(options.Case)!, settings, Print,
                name => InSeparateProcess(name, settings, TorchSharp.torch.get_num_threads()));
            if (r.GetValue(options.Output) is { } path)
            {
                AtomicFile.WriteAllText(path, BenchJson.Build(results, settings, started).ToJsonString(new() { WriteIndented = true }));
                Console.WriteLine($"results: {path}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>`locunlearn bench NAME` with the same settings in a fresh process of this CLI; its JSON read back.</summary>
    private static BenchCaseResult InSeparateProcess(string name, BenchSettings settings, int threads)
    {
        var cli = WorkerCommand.FromCliFolder(AppContext.BaseDirectory);
        string json = Path.Combine(Path.GetTempPath(), $"locunlearn-bench-{name}-{Guid.NewGuid():N}.json");
        var info = cli.StartInfo([.. cli.PrefixArguments, .. Arguments(name, settings, threads), "--out", json]);
        Console.WriteLine($"bench {name}: measuring in a separate process (resident memory depends on what ran before in a process)");
        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {cli.FileName}");
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 || !File.Exists(json))
                throw new InvalidOperationException(
                    $"bench {name} in a separate process failed (exit code {process.ExitCode}); " +
                    $"run `locunlearn bench {name}` alone to see why. Output:\n{stdout}{stderr.Result}");
            var result = BenchJson.ReadCases(JsonNode.Parse(File.ReadAllText(json))!.AsObject()).Single();
            string arguments = string.Join(' ', info.ArgumentList.Skip(cli.PrefixArguments.Count).SkipLast(2));
            return result with { Notes = [.. result.Notes, $"measured in a separate process ({arguments})."] };
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>The command line of one case with these settings (every option but --run, --out and es's --model / --data).</summary>
    public static IReadOnlyList<string> Arguments(string name, BenchSettings s, int threads)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        return
        [
            "bench", name, "--repeats", I(s.Repeats), "--warmup", I(s.Warmup), "--hidden", I(s.Shape.Hidden), "--layers", I(s.Shape.Layers),
            "--intermediate", I(s.Shape.Intermediate), "--vocab", I(s.Shape.Vocab), "--seq", I(s.Shape.Seq), "--batch", I(s.Shape.Batch),
            "--matmul-size", I(s.MatmulSize), "--answer-length", I(s.AnswerLength), "--es-items", I(s.EsItems), "--new-tokens", I(s.NewTokens),
            "--generate-batches", .. s.GenerateBatches.Select(I), "--threads", I(threads), "--dtype", s.DType,
        ];
    }

    /// <summary>One table per case as it finishes, then its targets; `step` also prints the lines scripts grep for.</summary>
    private static void Print(BenchCaseResult result)
    {
        var metrics = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"bench {result.Case}"));
        metrics.AddColumn("metric").AddColumn(new TableColumn("value") { Alignment = Justify.Right }).AddColumn("unit");
        foreach (var m in result.Metrics)
            metrics.AddRow(Markup.Escape(m.Name), Format(m.Value), Markup.Escape(m.Unit));
        CliConsole.Current().Write(metrics);
        if (result.Targets.Count > 0)
        {
            var targets = new Table().Border(TableBorder.Rounded);
            targets.AddColumn("target").AddColumn("requirement").AddColumn(new TableColumn("measured") { Alignment = Justify.Right }).AddColumn("");
            foreach (var t in result.Targets)
                targets.AddRow(Markup.Escape(t.Name), Markup.Escape(t.Requirement), Format(t.Measured), t.Pass ? "[green]PASS[/]" : "[red]MISS[/]");
            CliConsole.Current().Write(targets);
        }
        foreach (var note in result.Notes)
            Console.WriteLine($"  {note}");
        if (result.Case == "step")
        {
            // Plain lines with fixed prefixes, for scripts that grep the output.
            Console.WriteLine($"tokens/s: {result.Metric("full.tokens_per_s").ToString("F0", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"masked/full: {result.Metric("masked_over_full").ToString("F3", CultureInfo.InvariantCulture)}");
        }
    }

    private static string Format(double v) =>
        Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 1 ? v.ToString("0.###", CultureInfo.InvariantCulture)
        : v.ToString("0.####", CultureInfo.InvariantCulture);
}
