namespace LocUnlearn.Data;

/// <summary>A TOFU file that breaks the format; the message names the file, the line and the fix.</summary>
public sealed class TofuFormatException(string message, Exception? inner = null) : Exception(message, inner);
