namespace Srs.Actors;

/// <summary>What this server calls itself in protocol replies and the API.</summary>
public static class ServerInfo
{
    public const string Name = "Srs";

    public static readonly Version AssemblyVersion = typeof(ServerInfo).Assembly.GetName().Version ?? new Version(0, 1, 0);

    public static string Version => $"{AssemblyVersion.Major}.{AssemblyVersion.Minor}.{AssemblyVersion.Build}";
}
