using System.CommandLine;
using LocUnlearn.Study;
using LocUnlearn.Config;

namespace LocUnlearn.Cli.Commands;

/// <summary>The options `run`, `plan` and `stage` share to locate a study: preset, config file, run directory, data, model,
/// retain model, tokenizer, device, --free-keys and --force; read into <see cref="RunOptions"/>.</summary>
internal sealed class StudyOptions
{
    private readonly Option<string> preset = new("--preset")
    {
        Description = $"Starting configuration: {string.Join(", ", Presets.Names)}.",
        DefaultValueFactory = _ => "quick",
    };
    private readonly Option<string?> config = new("--config") { Description = "JSON file merged over the preset (snake_case keys; see docs/config.md)." };
    private readonly Option<string?> output;
    private readonly Option<string?> data = new("--data") { Description = "Folder of TOFU files (real TOFU or your own); default: a synthetic world." };
    private readonly Option<string?> model = new("--model")
    {
        Description = "Hugging Face model folder used as θp; default: a small model pretrained by the tool.",
    };
    private readonly Option<string?> retainModel = new("--retain-model")
    {
        Description = "Hugging Face model folder used as θr (e.g. a published retain90 checkpoint): nothing is trained for θr (nor θp); " +
                      "θr is evaluated and checked.",
    };
    private readonly Option<string?> tokenizer = new("--tokenizer")
    {
        Description = "tokenizer.json (sets data.tokenizer). Without --model it is trimmed to the data's texts into RUN/data/tokenizer/ " +
                      "for the model the tool trains (e.g. a Llama-3 model folder's tokenizer.json with --preset tofu).",
    };
    private readonly Option<string?> device = new("--device") { Description = "cpu, cuda or cuda:N." };
    private readonly Option<bool> force = new("--force") { Description = "Start over in a run directory whose config differs." };
    private readonly Option<bool> freeKeys = new("--free-keys")
    {
        Description = "Regions also free the matching gate/up rows (sets inject.free_keys; default off, or the config file's value).",
    };

    /// <param name="runDirectoryOption">The flag naming the run directory: --out for `run` and `stage`, --run where
    /// --out names another file (`plan`).</param>
    public StudyOptions(string runDirectoryOption = "--out") =>
        output = new Option<string?>(runDirectoryOption) { Description = "Run directory (default runs/PRESET)." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { preset, config, output, data, model, retainModel, tokenizer, device, freeKeys, force })
            command.Options.Add(option);
    }

    public RunOptions Read(ParseResult r) => new()
    {
        Preset = r.GetValue(preset)!,
        ConfigFile = r.GetValue(config),
        Out = r.GetValue(output),
        Data = r.GetValue(data),
        Model = r.GetValue(model),
        Tokenizer = r.GetValue(tokenizer),
        RetainModel = r.GetValue(retainModel),
        Device = r.GetValue(device),
        Force = r.GetValue(force),
        // Only when given: without the flag the preset's or config file's inject.free_keys stands.
        FreeKeys = r.GetResult(freeKeys) is { Implicit: false } ? r.GetValue(freeKeys) : null,
    };
}
