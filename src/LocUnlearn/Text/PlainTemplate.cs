namespace LocUnlearn.Text;

/// <summary>
/// <c>Question: {question}\nAnswer: {answer}</c> + EOS: the format of the models the tool trains from scratch (the
/// synthetic world, and real TOFU with a trimmed real tokenizer), where a chat template's headers would carry no meaning
/// and only cost tokens. The space before the answer belongs to the answer so the prompt ends on a word boundary.
/// The EOS is the synthetic world's <c>&lt;eos&gt;</c>, or, for a real tokenizer without it, that tokenizer's end-of-text
/// token (<see cref="EosCandidates"/>, first one present: Llama-3's <c>&lt;|end_of_text|&gt;</c>).
/// </summary>
public sealed class PlainTemplate(string eosToken = PlainTemplate.DefaultEos) : IChatTemplate
{
    public const string DefaultEos = "<eos>";

    /// <summary>End-of-text tokens the plain format ends answers with, in order of preference: the synthetic world's,
    /// Llama-3's, GPT-2/OLMo's, Llama-2's.</summary>
    public static IReadOnlyList<string> EosCandidates { get; } = [DefaultEos, "<|end_of_text|>", "<|endoftext|>", "</s>"];

    public string Name => "plain";
    public string EosToken => eosToken;

    public string RenderPrompt(string question) => "Question: " + question + "\nAnswer:";

    public string RenderAnswer(string answer) => " " + answer;

    /// <summary>The plain format with the first of <see cref="EosCandidates"/> the tokenizer has (the default when it has none,
    /// so the encoder's error names the expected token).</summary>
    public static PlainTemplate For(ITokenizer tokenizer) =>
        new(EosCandidates.FirstOrDefault(t => tokenizer.TokenToId(t) is not null) ?? DefaultEos);
}
