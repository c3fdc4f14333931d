using LocUnlearn.Common;

namespace LocUnlearn.Text;

/// <summary>Chat templates by name (the <c>template</c> setting of a config or the CLI).</summary>
public static class ChatTemplates
{
    public static IReadOnlyList<string> Names { get; } = ["llama3", "olmo2", "plain"];

    public static IChatTemplate Get(string name) => name switch
    {
        "llama3" => new Llama3ChatTemplate(),
        "olmo2" => new Olmo2ChatTemplate(),
        "plain" => new PlainTemplate(),
        _ => throw new ArgumentException(
            $"Unknown chat template '{name}'; known templates: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The named template for a tokenizer: as <see cref="Get"/>, with plain's EOS picked from what the tokenizer has
    /// (<see cref="PlainTemplate.For"/>).</summary>
    public static IChatTemplate Get(string name, ITokenizer tokenizer) => name == "plain" ? PlainTemplate.For(tokenizer) : Get(name);

    /// <summary>
    /// The template for a tokenizer when none is named (`data stats`): the one its folder's tokenizer_config.json
    /// points to (<see cref="Detect"/>) if the tokenizer has that template's EOS token, else the first of
    /// <see cref="Names"/> whose EOS it has (a synthetic world's WordLevel tokenizer has plain's &lt;eos&gt;).
    /// </summary>
    public static IChatTemplate ForTokenizer(ITokenizer tokenizer, string tokenizerFolder)
    {
        var detected = Detect(tokenizerFolder, tokenizer);
        if (tokenizer.TokenToId(detected.EosToken) is not null)
            return detected;
        return Names.Select(n => Get(n, tokenizer)).FirstOrDefault(t => tokenizer.TokenToId(t.EosToken) is not null)
            ?? throw new ArgumentException(
                $"The tokenizer in {tokenizerFolder} has none of the templates' EOS tokens " +
                $"({string.Join(", ", Names.Select(n => $"{n}: {Get(n).EosToken}"))}); " +
                "name the template with --template.");
    }

    /// <summary>
    /// Picks a template from a model folder's <c>tokenizer_config.json</c> chat_template: Llama-3 header tokens mean
    /// <c>llama3</c>, OLMo's <c>&lt;|user|&gt;</c> turns mean <c>olmo2</c>; no chat template means <c>plain</c> (with the
    /// EOS the <paramref name="tokenizer"/> has, when one is given).
    /// </summary>
    public static IChatTemplate Detect(string modelFolder, ITokenizer? tokenizer = null)
    {
        string configPath = System.IO.Path.Combine(modelFolder, "tokenizer_config.json");
        IChatTemplate Plain() => tokenizer is null ? new PlainTemplate() : PlainTemplate.For(tokenizer);
        if (!File.Exists(configPath))
            return Plain();
        byte[] bytes = File.ReadAllBytes(configPath);
        Utf8Text.Require(bytes, configPath, m => new TokenizerFormatException(m));
        string text = Utf8Text.Decode(bytes);
        if (text.Contains("<|start_header_id|>", StringComparison.Ordinal))
            return new Llama3ChatTemplate();
        if (text.Contains("<|user|>", StringComparison.Ordinal) && text.Contains("<|assistant|>", StringComparison.Ordinal))
            return new Olmo2ChatTemplate();
        return Plain();
    }
}
