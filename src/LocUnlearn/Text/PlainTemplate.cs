namespace LocUnlearn.Text;

/// <summary>
/// <c>Question: {question}\nAnswer: {answer}</c>: the format of the synthetic world, whose word-level tokenizer has
/// no chat tokens. The space before the answer belongs to the answer so the prompt ends on a word boundary.
/// </summary>
public sealed class PlainTemplate : IChatTemplate
{
    public string Name => "plain";
    public string EosToken => "<eos>";

    public string RenderPrompt(string question) => "Question: " + question + "\nAnswer:";

    public string RenderAnswer(string answer) => " " + answer;
}
