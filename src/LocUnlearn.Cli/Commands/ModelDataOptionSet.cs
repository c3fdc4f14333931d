using System.CommandLine;
using LocUnlearn.Study.Standalone;
using LocUnlearn.Text;

namespace LocUnlearn.Cli.Commands;

/// <summary>The options `unlearn` and `localize` share to name a model and its data (one definition, one wording).</summary>
internal sealed class ModelDataOptionSet
{
    public Option<string> Model { get; } = new("--model") { Description = "Model folder (config.json + safetensors).", Required = true };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "TOFU-format data folder (default: the data of the run directory the model lies in).",
    };

    public Option<string?> Tokenizer { get; } = new("--tokenizer")
    {
        Description = "tokenizer.json (default: the model folder's, else the data folder's).",
    };

    public Option<string?> Template { get; } = new("--template")
    {
        Description = $"Chat template: {string.Join(", ", ChatTemplates.Names)} (default: the run's, else detected from the model folder).",
    };

    public Option<string> Device { get; } = ModelCommand.DeviceOption();

    public IEnumerable<Option> All => [Model, Data, Tokenizer, Template, Device];

    public ModelDataOptions Read(ParseResult r) => new()
    {
        ModelDir = r.GetValue(Model)!,
        DataDir = r.GetValue(Data),
        Tokenizer = r.GetValue(Tokenizer),
        Template = r.GetValue(Template),
        Device = r.GetValue(Device)!,
    };
}
