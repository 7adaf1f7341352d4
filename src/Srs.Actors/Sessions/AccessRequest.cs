using Srs.Actors.Streams;

namespace Srs.Actors.Sessions;

/// <summary>Whether a session feeds its stream or reads it.</summary>
public enum SessionRole
{
    Publisher,
    Player,
}

/// <summary>
/// What any connection asks of the node, whatever its protocol: to publish or play <paramref name="Key"/>, with the
/// param the client gave (<c>?token=...</c>), from <paramref name="Ip"/>. <paramref name="ClientType"/> is the API's
/// name for it (<see cref="ClientTypes"/>). <paramref name="ConfiguredStream"/> marks a stream the node's own config
/// named (a raw ingest port, a pull): the client chose nothing, so no stream token applies; address lists and hooks do.
/// </summary>
public sealed record AccessRequest(
    SessionRole Role,
    string ClientType,
    StreamKey Key,
    string Param,
    string Ip,
    string ClientId,
    string TcUrl,
    bool ConfiguredStream = false)
{
    public ClientInfo Client { get; } = new(ClientId, Ip, TcUrl, Param);

    public string Verb => Role == SessionRole.Publisher ? "publish" : "play";
}
