using LocUnlearn.Common;
using System.CommandLine;
using System.Text.Json.Nodes;
using LocUnlearn.Model;
using LocUnlearn.Model.Checkpoints;
using static TorchSharp.torch;

namespace LocUnlearn.Cli.Commands;

/// <summary>`locunlearn model init|info|logits|generate`: inspect and debug HF-format models.</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Create, inspect and run Hugging Face-format LLaMA/OLMo2 models.");
        command.Subcommands.Add(Init());
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Logits());
        command.Subcommands.Add(ModelGenerateCommand.Create());
        return command;
    }

    internal static Option<string> ModelOption() => new("--model") { Description = "Model folder (config.json + safetensors).", Required = true };
    internal static Option<string> DeviceOption() => new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    private static Command Init()
    {
        var config = new Option<string>("--config") { Description = "A Hugging Face config.json.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write the model to.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the random weights.", DefaultValueFactory = _ => 0 };
        var command = new Command("init", "Random weights (HF init: normal(0, initializer_range)) saved as an HF folder.") { config, output, seed };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var c = LlamaConfig.Load(r.GetValue(config)!);
            using var model = new LlamaForCausalLM(c);
            model.InitializeWeights(r.GetValue(seed));
            ModelFolder.Save(model, r.GetValue(output)!);
            Console.WriteLine($"wrote {r.GetValue(output)} ({CountParameters(model):N0} parameters)");
            return 0;
        }));
        return command;
    }

    private static Command Info()
    {
        var model = ModelOption();
        var command = new Command("info", "Architecture, parameter count and number of value vectors.") { model };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string dir = r.GetValue(model)!;
            var c = LlamaConfig.Load(Path.Combine(dir, ModelFolder.ConfigFile));
            using var m = new LlamaForCausalLM(c, device("meta"));
            Console.WriteLine($"architecture:      {c.Architecture}");
            Console.WriteLine($"layers:            {c.NumHiddenLayers}");
            Console.WriteLine($"hidden size:       {c.HiddenSize}");
            Console.WriteLine($"intermediate size: {c.IntermediateSize}");
            Console.WriteLine($"heads (kv heads):  {c.NumAttentionHeads} ({c.NumKeyValueHeads}), head_dim {c.HeadDim}");
            Console.WriteLine($"vocabulary:        {c.VocabSize}");
            Console.WriteLine($"tied embeddings:   {c.TieWordEmbeddings}");
            Console.WriteLine($"rope:              theta {c.RopeTheta}{(c.RopeScaling is { } s ? $", llama3 scaling x{s.Factor}" : "")}");
            Console.WriteLine($"parameters:        {CountParameters(m):N0}");
            Console.WriteLine($"value vectors:     {c.ValueVectorCount:N0} ({c.NumHiddenLayers} x {c.IntermediateSize})");
            Console.WriteLine($"weight files:      {string.Join(", ", ModelFolder.WeightFiles(dir).Select(Path.GetFileName))}");
            return 0;
        }));
        return command;
    }

    private static Command Logits()
    {
        var model = ModelOption();
        var device = DeviceOption();
        var ids = new Option<string>("--ids") { Description = "Comma-separated token ids, e.g. 1,2,3.", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the JSON here instead of stdout." };
        var command = new Command("logits", "JSON {\"logits\": [[...], ...]}: one fp32 row per position.") { model, ids, output, device };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var tokens = CliParsing.Ids(r.GetValue(ids)!, "--ids");
            string dir = r.GetValue(model)!;
            CheckIds(tokens, LlamaConfig.Load(Path.Combine(dir, ModelFolder.ConfigFile)));
            using var m = ModelFolder.Load(dir, new ModelLoadOptions(r.GetValue(device)!));
            using var _ = no_grad();
            using var logits = m.forward(tensor(tokens, [1, tokens.Length], device: m.Device)).to(ScalarType.Float32).cpu();
            var rows = new JsonArray();
            for (int t = 0; t < tokens.Length; t++)
                rows.Add(new JsonArray(logits[0, t].data<float>().ToArray().Select(v => (JsonNode)v).ToArray()));
            string json = new JsonObject { ["logits"] = rows }.ToJsonString();
            if (r.GetValue(output) is { } path) AtomicFile.WriteAllText(path, json);
            else Console.WriteLine(json);
            return 0;
        }));
        return command;
    }

    /// <summary>Ids the model can take in one forward: in its vocabulary, and no more than its positions (RoPE past them is untrained).</summary>
    private static void CheckIds(long[] tokens, LlamaConfig config)
    {
        if (tokens.Length == 0)
            throw new ArgumentException("--ids: no token ids given; pass at least one, e.g. --ids 1,2,3.");
        if (tokens.Length > config.MaxPositionEmbeddings)
            throw new ArgumentException(
                $"--ids: {tokens.Length} ids, but the model takes at most {config.MaxPositionEmbeddings} positions " +
                $"(max_position_embeddings in config.json); pass at most {config.MaxPositionEmbeddings} ids.");
        if (tokens.Cast<long?>().FirstOrDefault(t => t < 0 || t >= config.VocabSize) is long id)
            throw new ArgumentException($"--ids: token id {id} is outside the vocabulary; ids must lie in [0, {config.VocabSize}).");
    }

    internal static long CountParameters(LlamaForCausalLM model) => model.parameters().Sum(p => p.numel());
}
