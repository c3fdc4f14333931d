namespace LocUnlearn.Text;

/// <summary>
/// The OLMo-2 instruct format (its tokenizer_config.json chat_template, one user turn plus generation prompt):
/// a leading <c>&lt;|endoftext|&gt;</c> as BOS, and <c>&lt;|endoftext|&gt;</c> again as the end of the answer.
/// </summary>
public sealed class Olmo2ChatTemplate : IChatTemplate
{
    public string Name => "olmo2";
    public string EosToken => "<|endoftext|>";

    public string RenderPrompt(string question) => "<|endoftext|><|user|>\n" + question + "\n<|assistant|>\n";

    public string RenderAnswer(string answer) => answer;
}
