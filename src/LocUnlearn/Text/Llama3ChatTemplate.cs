namespace LocUnlearn.Text;

/// <summary>
/// The Llama-3.1 instruct chat template as HF renders a single user turn plus generation prompt, with the system
/// header's date pinned (SPEC 3.2, after OpenUnlearning): the template otherwise inserts today's date and scores drift.
/// </summary>
public sealed class Llama3ChatTemplate : IChatTemplate
{
    public const string PinnedSystemText =
        "Cutting Knowledge Date: December 2023\nToday Date: 10 Apr 2025\n\nYou are a helpful assistant.";

    public string Name => "llama3";
    public string EosToken => "<|eot_id|>";

    public string RenderPrompt(string question) =>
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n" + PinnedSystemText + "<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\n" + question + "<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n";

    public string RenderAnswer(string answer) => answer;
}
