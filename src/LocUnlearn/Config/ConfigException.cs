namespace LocUnlearn.Config;

/// <summary>A configuration that cannot be used; the message names the key and the fix.</summary>
public sealed class ConfigException(string message) : Exception(message);
