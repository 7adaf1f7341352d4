namespace Srs.Actors.Configuration;

/// <summary>A config file, a --set or a flag holds a wrong key or value; the message names the key's path.</summary>
public sealed class ConfigException(string message) : Exception(message);
