using LocUnlearn.Data;

namespace LocUnlearn.Text;

/// <summary>
/// Turns (question, answer) into an <see cref="EncodedExample"/> (SPEC 3.2): tokenize the prompt, then prompt+answer,
/// require the prompt tokens to be a prefix of the full tokens, append the EOS id, label the answer and EOS and put
/// -100 on the prompt.
/// Truncation policy when prompt + answer + EOS exceeds <see cref="MaxLength"/>: answer tokens are cut from the right
/// and EOS is kept as the last token, so every example still ends the way the model must learn to end; the prompt is
/// never cut, and an item whose prompt leaves no room for one answer token plus EOS is an error. Truncated items are
/// counted in <see cref="TruncatedItems"/> so callers can warn.
/// This class is not thread-safe (it counts truncations).
/// </summary>
public sealed class PromptEncoder
{
    private readonly List<string> _truncatedItems = [];

    public PromptEncoder(ITokenizer tokenizer, IChatTemplate template, int maxLength = 512)
    {
        if (maxLength < 2)
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must leave room for an answer token and EOS");
        Tokenizer = tokenizer;
        Template = template;
        MaxLength = maxLength;
        EosId = tokenizer.TokenToId(template.EosToken)
            ?? throw new ArgumentException(
                $"The tokenizer has no id for the '{template.Name}' template's EOS token '{template.EosToken}'; " +
                "pick the template that matches the tokenizer.", nameof(template));
    }

    public ITokenizer Tokenizer { get; }
    public IChatTemplate Template { get; }
    public int MaxLength { get; }
    public int EosId { get; }

    /// <summary>Names of the items whose answer was cut to fit <see cref="MaxLength"/>.</summary>
    public IReadOnlyList<string> TruncatedItems => _truncatedItems;
    public int TruncatedCount => _truncatedItems.Count;

    /// <param name="itemName">Names the item in errors and in <see cref="TruncatedItems"/> (e.g. "forget10.json line 7").</param>
    public EncodedExample Encode(string question, string answer, string itemName)
    {
        string prompt = Template.RenderPrompt(question);
        IReadOnlyList<int> promptIds = Tokenizer.Encode(prompt);
        IReadOnlyList<int> fullIds = Tokenizer.Encode(prompt + Template.RenderAnswer(answer));
        CheckPromptIsPrefix(promptIds, fullIds, itemName);

        int promptLength = promptIds.Count;
        int answerLength = fullIds.Count - promptLength;
        if (answerLength == 0)
            throw new ArgumentException($"{itemName}: the answer encodes to no tokens.");
        int room = MaxLength - promptLength - 1;
        if (room < 1)
            throw new ArgumentException(
                $"{itemName}: the prompt alone is {promptLength} tokens, leaving no room for an answer within " +
                $"max length {MaxLength}; raise the max length.");
        if (answerLength > room)
        {
            answerLength = room;
            _truncatedItems.Add(itemName);
        }

        int length = promptLength + answerLength + 1;
        var inputIds = new long[length];
        var labels = new long[length];
        for (int t = 0; t < length - 1; t++)
        {
            inputIds[t] = fullIds[t];
            labels[t] = t < promptLength ? EncodedExample.IgnoreIndex : fullIds[t];
        }
        inputIds[length - 1] = EosId;
        labels[length - 1] = EosId;
        return new EncodedExample(inputIds, labels, promptLength);
    }

    /// <summary>Encodes the rows of a split in order (index i of the result is row i), each named by its file and line.</summary>
    public IReadOnlyList<EncodedExample> EncodeAll(IEnumerable<QaItem> items) =>
        items.Select(i => Encode(i.Question, i.Answer, i.Source.ToString())).ToList();

    /// <summary>The prompt alone as ids, for generation.</summary>
    public long[] EncodePrompt(string question) =>
        Tokenizer.Encode(Template.RenderPrompt(question)).Select(id => (long)id).ToArray();

    private void CheckPromptIsPrefix(IReadOnlyList<int> promptIds, IReadOnlyList<int> fullIds, string itemName)
    {
        int n = promptIds.Count;
        bool isPrefix = fullIds.Count >= n;
        for (int t = 0; isPrefix && t < n; t++)
            isPrefix = promptIds[t] == fullIds[t];
        if (isPrefix)
            return;
        int from = Math.Max(0, n - 3);
        string promptTail = string.Join(", ", promptIds.Skip(from));
        string fullAtBorder = string.Join(", ", fullIds.Skip(from).Take(6));
        throw new PromptBorderMergeException(
            $"{itemName}: the prompt's tokens are not a prefix of prompt+answer (a token merges across the border " +
            $"with template '{Template.Name}'): prompt ends [{promptTail}], prompt+answer has [{fullAtBorder}] there. " +
            "Use a template whose prompt ends on a token boundary (e.g. a trailing newline or the answer's leading space).");
    }
}
