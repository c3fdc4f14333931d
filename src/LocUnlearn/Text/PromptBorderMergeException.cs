namespace LocUnlearn.Text;

/// <summary>
/// The prompt's tokens are not a prefix of the prompt+answer tokens: a merge across the border would put answer
/// text under prompt labels (or the reverse). Raised instead of silently mislabeling the item.
/// </summary>
public sealed class PromptBorderMergeException(string message) : Exception(message);
