using System.CommandLine;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using LocUnlearn.Text;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn model generate`: greedy answer to a question through the model's chat template.</summary>
internal static class ModelGenerateCommand
{
    public static Command Create()
    {
        var model = ModelCommand.ModelOption();
        var device = ModelCommand.DeviceOption();
        var prompt = new Option<string>("--prompt") { Description = "The question.", Required = true };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Stop after this many tokens.", DefaultValueFactory = _ => 64 };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json (default: the model folder's)." };
        var template = new Option<string?>("--template")
        {
            Description = $"Chat template: {string.Join(", ", ChatTemplates.Names)} (default: detected from tokenizer_config.json).",
        };
        var command = new Command("generate", "Greedy generation (KV cache) for one question, stopping at EOS.")
            { model, prompt, maxNew, tokenizer, template, device };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string dir = r.GetValue(model)!;
            using var m = ModelFolder.Load(dir, new ModelLoadOptions(r.GetValue(device)!));
            using var tok = HfTokenizer.Load(r.GetValue(tokenizer) ?? Path.Combine(dir, "tokenizer.json"));
            var chat = r.GetValue(template) is { } name ? ChatTemplates.Get(name, tok) : ChatTemplates.Detect(dir, tok);
            var encoder = new PromptEncoder(tok, chat);
            var ids = encoder.EncodePrompt(r.GetValue(prompt)!).Select(i => (int)i).ToArray();
            var eos = m.Config.EosTokenIds.Append(encoder.EosId).ToHashSet();
            var generator = new GreedyGenerator(m, eos, m.Config.PadTokenId ?? 0);
            var output = generator.Generate([ids], r.GetValue(maxNew))[0];
            Console.WriteLine(tok.Decode(output));
            return 0;
        }));
        return command;
    }
}
