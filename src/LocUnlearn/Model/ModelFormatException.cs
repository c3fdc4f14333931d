namespace LocUnlearn.Model;

/// <summary>A model folder, config or checkpoint that cannot be used; the message names the file and the fix.</summary>
public sealed class ModelFormatException(string message) : Exception(message);
