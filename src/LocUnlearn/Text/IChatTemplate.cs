namespace LocUnlearn.Text;

/// <summary>
/// How a (question, answer) pair becomes text: the prompt is everything the model is conditioned on, the answer text
/// follows it directly, and <see cref="EosToken"/> is appended (as an id) after the answer.
/// </summary>
public interface IChatTemplate
{
    string Name { get; }

    /// <summary>The added token that ends an answer (its id comes from the tokenizer).</summary>
    string EosToken { get; }

    string RenderPrompt(string question);

    /// <summary>The answer as it follows the prompt (e.g. with a leading space for the plain format).</summary>
    string RenderAnswer(string answer);
}
