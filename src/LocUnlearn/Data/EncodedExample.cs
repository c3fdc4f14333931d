namespace LocUnlearn.Data;

/// <summary>
/// One tokenized (prompt, answer) pair. <see cref="Labels"/> has the same length as <see cref="InputIds"/>:
/// -100 on prompt positions, the token id on answer positions (EOS included). Labels are NOT shifted:
/// the model's logits at position t-1 predict <c>Labels[t]</c>.
/// </summary>
public sealed record EncodedExample(long[] InputIds, long[] Labels, int PromptLength)
{
    public const long IgnoreIndex = -100;
    public int Length => InputIds.Length;
    public int AnswerLength => Length - PromptLength;
}
