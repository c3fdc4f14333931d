using System.CommandLine;
using LocUnlearn.Cli.Progress;
using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Text;
using Spectre.Console;

namespace LocUnlearn.Cli.Commands;

/// <summary>
/// `locunlearn data synth|stats|trim-vocab`: generate the synthetic TOFU-format world, describe a TOFU folder, or trim a
/// tokenizer's vocabulary to a TOFU folder.
/// </summary>
internal static class DataCommand
{
    private const int UserError = 2;

    public static Command Create()
    {
        var data = new Command("data", "Generate a synthetic TOFU-format world, describe a TOFU data folder or trim a tokenizer to one.");
        data.Subcommands.Add(Synth());
        data.Subcommands.Add(Stats());
        data.Subcommands.Add(TrimVocab());
        return data;
    }

    private static Command Synth()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the world's files into.", Required = true };
        var preset = new Option<string>("--preset")
        {
            Description = "Size preset: tofu (200 authors x 20 QA, TOFU's counts), quick (40 x 10, with forget40/retain60 as the quick run uses) or tiny (12 x 6).",
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
                    ? ChatTemplates.Get(name, tokenizer)
                    : ChatTemplates.ForTokenizer(tokenizer, Path.GetDirectoryName(Path.GetFullPath(tokenizerPath!))!), maxLength: int.MaxValue);
            CliConsole.Current().Write(SplitStatistics.Table(reader, encoder, w => Console.Error.WriteLine("warning: " + w)));
            if (tokenizer is null)
                CliConsole.Current().MarkupLine("[grey]No tokenizer.json in the folder and no --tokenizer: token statistics skipped.[/]");
        }));
        return command;
    }

    private static Command TrimVocab()
    {
        var tokenizerOption = new Option<string>("--tokenizer")
        {
            Description = "The full byte-level BPE tokenizer.json (e.g. a Llama-3 model folder's); its folder's tokenizer_config.json " +
                          "(chat template, special tokens) is carried over.",
            Required = true,
        };
        var dataOption = new Option<string>("--data") { Description = "A folder of TOFU files; every split present is read.", Required = true };
        var output = new Option<string>("--out")
        {
            Description = "Folder to write the trimmed tokenizer.json and tokenizer_config.json into.", Required = true,
        };

        var command = new Command("trim-vocab",
            "Write a tokenizer that keeps only what a TOFU folder's texts need (their tokens, the BPE merges building them, the 256 " +
            "byte symbols, the added tokens): every question, answer, paraphrase, perturbed answer, option and refusal, alone and " +
            "in every prompt template, encodes to the same tokens as with the full tokenizer (checked before it returns); other " +
            "text still encodes, byte by byte where merges are gone.");
        command.Options.Add(tokenizerOption);
        command.Options.Add(dataOption);
        command.Options.Add(output);
        command.SetAction(parse => Guard(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string data = parse.GetValue(dataOption)!, folder = parse.GetValue(output)!;
            TofuTexts texts = TofuTexts.Read(new TofuReader(data));
            IReadOnlyList<string> strings = texts.StudyStrings();
            using HfTokenizer full = HfTokenizer.Load(parse.GetValue(tokenizerOption)!);
            VocabularyTrim trim = TokenizerTrimming.TrimTo(full, strings, folder);
            PrintTrim(texts, strings.Count, trim, data, folder, clock.Elapsed);
        }));
        return command;
    }

    private static void PrintTrim(TofuTexts texts, int strings, VocabularyTrim trim, string data, string folder, TimeSpan elapsed)
    {
        // Plain lines (no markup): paths and token counts print as they are.
        var console = CliConsole.Current();
        console.WriteLine(
            $"Texts: {strings:N0} distinct strings from {data} ({texts.Questions.Count:N0} questions, {texts.Answers.Count:N0} answer " +
            $"texts; alone and in the {string.Join(", ", ChatTemplates.Names)} templates).");
        console.WriteLine(
            $"Vocabulary: {trim.VocabBefore:N0} -> {trim.VocabAfter:N0} ids ({trim.UsedTokens:N0} tokens in the texts' encodings, " +
            $"plus their merge products, the 256 byte symbols and {trim.AddedTokens:N0} added tokens).");
        console.WriteLine($"Merges: {trim.MergesBefore:N0} -> {trim.MergesAfter:N0}.");
        console.WriteLine(
            $"Checked: all {strings:N0} strings encode to the same tokens as with the full tokenizer and decode back.");
        console.WriteLine(
            $"Wrote {Path.Combine(folder, VocabularyTrim.TokenizerFileName)} and {VocabularyTrim.ConfigFileName} in {elapsed.TotalSeconds:F1} s.");
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
