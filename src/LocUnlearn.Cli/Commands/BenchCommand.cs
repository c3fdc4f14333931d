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
        var defaults = new BenchSettings();
        var shape = defaults.Shape;
        var benchCase = new Argument<string>("case") { Description = $"What to measure: {string.Join(", ", BenchSuite.Cases)}.", DefaultValueFactory = _ => "all" };
        var output = new Option<string?>("--out") { Description = "Write the results as JSON to this file." };
        var repeats = new Option<int>("--repeats") { Description = "Measured repetitions per case (the median is reported).", DefaultValueFactory = _ => defaults.Repeats };
        var warmup = new Option<int>("--warmup") { Description = "Discarded repetitions before measuring.", DefaultValueFactory = _ => defaults.Warmup };
        var hidden = new Option<int>("--hidden") { Description = "Model hidden size.", DefaultValueFactory = _ => shape.Hidden };
        var layers = new Option<int>("--layers") { Description = "Decoder layers.", DefaultValueFactory = _ => shape.Layers };
        var intermediate = new Option<int>("--intermediate") { Description = "MLP intermediate size.", DefaultValueFactory = _ => shape.Intermediate };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size.", DefaultValueFactory = _ => shape.Vocab };
        var seq = new Option<int>("--seq") { Description = "Tokens per training sequence (step).", DefaultValueFactory = _ => shape.Seq };
        var batch = new Option<int>("--batch") { Description = "Sequences per training step (step) and ES batch (es).", DefaultValueFactory = _ => shape.Batch };
        var matmul = new Option<int>("--matmul-size") { Description = "Side of the reference fp32 matmul.", DefaultValueFactory = _ => defaults.MatmulSize };
        var answer = new Option<int>("--answer-length") { Description = "Answer tokens of the es/memory items.", DefaultValueFactory = _ => defaults.AnswerLength };
        var esItems = new Option<int>("--es-items") { Description = "Items of the es split.", DefaultValueFactory = _ => defaults.EsItems };
        var newTokens = new Option<int>("--new-tokens") { Description = "New tokens per generation (generate).", DefaultValueFactory = _ => defaults.NewTokens };
        var generateBatches = new Option<int[]>("--generate-batches")
        {
            Description = "Batch sizes of generate, e.g. --generate-batches 1 16.",
            DefaultValueFactory = _ => defaults.GenerateBatches.ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var run = new Option<string?>("--run") { Description = "Read stage times from this run directory's manifest.json instead of running the quick preset." };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads (0 = libtorch's default)." };
        var model = new Option<string?>("--model")
        {
            Description = "es: measure on the forget + retain evaluation sets of this model folder (e.g. a run's seeds/seed-0/inject/model) " +
                          "instead of random items of a random model.",
        };
        var data = new Option<string?>("--data") { Description = "es with --model: TOFU-format data folder (default: the data of the run directory the model lies in)." };
        var device = new Option<string>("--device")
        {
            Description = $"Where {string.Join(", ", BenchSettings.DeviceCases)} run (cpu, cuda, cuda:N); parity and masked-step compare it with the CPU.",
            DefaultValueFactory = _ => defaults.Device,
        };
        var dtype = new Option<string>("--dtype") { Description = "memory-full, throughput, phase-memory: the model's dtype, float32 or bfloat16.", DefaultValueFactory = _ => defaults.DType };
        var configFile = new Option<string?>("--config") { Description = "throughput, phase-memory: an HF config.json giving the model's shape (random weights)." };
        var peak = new Option<double>("--peak-tflops") { Description = "throughput: the device's peak TFLOP/s in the dtype, for model FLOP utilisation." };
        var phase = new Option<string>("--phase")
        {
            Description = $"phase-memory: {string.Join(", ", PhaseMemoryBenchmark.Phases)}.", DefaultValueFactory = _ => defaults.Phase,
        };
        var objective = new Option<string>("--objective") { Description = "phase-memory --phase unlearn: the objective.", DefaultValueFactory = _ => defaults.Objective };
        var command = new Command("bench", "Measure training step, ES, generation, memory and quick-preset wall time against the stated targets.")
            { benchCase, output, repeats, warmup, hidden, layers, intermediate, vocab, seq, batch, matmul, answer, esItems, newTokens, generateBatches, run, threads, model, data,
              device, dtype, configFile, peak, phase, objective };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var settings = new BenchSettings
            {
                Shape = new BenchShape
                {
                    Hidden = r.GetValue(hidden),
                    Layers = r.GetValue(layers),
                    Intermediate = r.GetValue(intermediate),
                    Vocab = r.GetValue(vocab),
                    Seq = r.GetValue(seq),
                    Batch = r.GetValue(batch),
                },
                Repeats = r.GetValue(repeats),
                Warmup = r.GetValue(warmup),
                MatmulSize = r.GetValue(matmul),
                AnswerLength = r.GetValue(answer),
                EsItems = r.GetValue(esItems),
                NewTokens = r.GetValue(newTokens),
                GenerateBatches = r.GetValue(generateBatches)!,
                RunDirectory = r.GetValue(run),
                ModelDirectory = r.GetValue(model),
                DataDirectory = r.GetValue(data),
                Device = r.GetValue(device)!,
                DType = r.GetValue(dtype)!,
                ConfigFile = r.GetValue(configFile),
                PeakTflops = r.GetValue(peak),
                Phase = r.GetValue(phase)!,
                Objective = r.GetValue(objective)!,
            };
            if (r.GetValue(threads) is > 0 and var n)
                TorchSharp.torch.set_num_threads(n);
            var started = DateTime.UtcNow;
            var results = BenchSuite.Run(r.GetValue(benchCase)!, settings, Print,
                name => InSeparateProcess(name, settings, TorchSharp.torch.get_num_threads()));
            if (r.GetValue(output) is { } path)
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
                    $"bench {name} in a separate process failed (exit code {process.ExitCode}); run `locunlearn bench {name}` alone to see why. Output:\n{stdout}{stderr.Result}");
            var result = BenchJson.ReadCases(JsonNode.Parse(File.ReadAllText(json))!.AsObject()).Single();
            return result with { Notes = [.. result.Notes, $"measured in a separate process ({string.Join(' ', info.ArgumentList.Skip(cli.PrefixArguments.Count).SkipLast(2))})."] };
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
