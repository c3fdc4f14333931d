namespace LocUnlearn.Text;

/// <summary>A tokenizer file that cannot be used; the message names the file and what to fix.</summary>
public sealed class TokenizerFormatException(string message, Exception? inner = null) : Exception(message, inner);
