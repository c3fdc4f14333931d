using System.CommandLine;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Text;
using Spectre.Console;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn data synth|stats`: generate the synthetic TOFU-format world, or describe a TOFU folder.</summary>
internal static class DataCommand
{
    private const int UserError = 2;

    public static Command Create()
    {
        var data = new Command("data", "Generate a synthetic TOFU-format world or describe a TOFU data folder.");
        data.Subcommands.Add(Synth());
        data.Subcommands.Add(Stats());
        return data;
    }

    private static Command Synth()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the world's files into.", Required = true };
        var preset = new Option<string>("--preset")
        {
            Description = "Size preset: tofu (200 authors x 20 QA, TOFU's counts), quick (40 x 10) or tiny (12 x 6).",
            DefaultValueFactory = _ => "tofu",
        };
        preset.AcceptOnlyFromAmong([.. SyntheticWorldOptions.PresetNames]);
        var authors = new Option<int?>("--authors") { Description = "Number of fictitious authors (overrides the preset)." };
        var qaPerAuthor = new Option<int?>("--qa-per-author") { Description = "QA pairs per author, 1..20 (overrides the preset)." };
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 0 };

        var command = new Command("synth", "Write a synthetic TOFU-format world: TOFU's files, pretrain.jsonl and tokenizer.json.");
        command.Options.Add(output);
        command.Options.Add(preset);
        command.Options.Add(authors);
        command.Options.Add(qaPerAuthor);
        command.Options.Add(seed);
        command.SetAction(parse => Guard(() =>
        {
            SyntheticWorldOptions options = SyntheticWorldOptions.Preset(parse.GetValue(preset)!, parse.GetValue(seed));
            if (parse.GetValue(authors) is int a)
                options = options with { Authors = a };
            if (parse.GetValue(qaPerAuthor) is int q)
                options = options with { QaPerAuthor = q };
            string folder = parse.GetValue(output)!;
            SyntheticWorld world = SyntheticWorld.Generate(options);
            world.Write(folder);
            CliConsole.Current().MarkupLineInterpolated(
                $"Wrote {world.Files.Count} files to {folder}: {options.Authors} authors x {options.QaPerAuthor} QA, seed {options.Seed}.");
        }));
        return command;
    }

    private static Command Stats()
    {
        var dataOption = new Option<string>("--data") { Description = "A folder of TOFU files.", Required = true };
        var tokenizerOption = new Option<string?>("--tokenizer")
        {
            Description = "A Hugging Face tokenizer.json for token statistics (default: the folder's tokenizer.json, if any).",
        };
        var templateOption = new Option<string?>("--template")
        {
            Description = "Prompt template used to count tokens: plain, llama3 or olmo2 (default: the one the tokenizer's " +
                          "tokenizer_config.json names, else the first whose EOS token the tokenizer has).",
        };
        templateOption.AcceptOnlyFromAmong([.. ChatTemplates.Names]);

        var command = new Command("stats", "Rows per split, token length percentiles and unknown-token rate of a TOFU folder.");
        command.Options.Add(dataOption);
        command.Options.Add(tokenizerOption);
        command.Options.Add(templateOption);
        command.SetAction(parse => Guard(() =>
        {
            var reader = new TofuReader(parse.GetValue(dataOption)!);
            string? tokenizerPath = parse.GetValue(tokenizerOption) ?? DefaultTokenizer(reader.Folder);
            using HfTokenizer? tokenizer = tokenizerPath is null ? null : HfTokenizer.Load(tokenizerPath);
            PromptEncoder? encoder = tokenizer is null
                ? null
                : new PromptEncoder(tokenizer, parse.GetValue(templateOption) is { } name
                    ? ChatTemplates.Get(name)
                    : ChatTemplates.ForTokenizer(tokenizer, Path.GetDirectoryName(Path.GetFullPath(tokenizerPath!))!), maxLength: int.MaxValue);
            CliConsole.Current().Write(SplitStatistics.Table(reader, encoder, w => Console.Error.WriteLine("warning: " + w)));
            if (tokenizer is null)
                CliConsole.Current().MarkupLine("[grey]No tokenizer.json in the folder and no --tokenizer: token statistics skipped.[/]");
        }));
        return command;
    }

    private static string? DefaultTokenizer(string folder)
    {
        string path = Path.Combine(folder, SyntheticWorld.TokenizerFile);
        return File.Exists(path) ? path : null;
    }

    /// <summary>User errors (bad files, bad options) become one line on stderr and exit code 2, without a stack trace.</summary>
    private static int Guard(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is TofuFormatException or TokenizerFormatException or PromptBorderMergeException
                                      or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return UserError;
        }
    }
}
