using Akka.Actor;
using Srs.Actors.Media;

namespace Srs.Actors.Streams;

/// <summary>Who a client is, as the API and the hooks report it.</summary>
public sealed record ClientInfo(string ClientId, string Ip, string TcUrl, string Param);

/// <summary>A connection asks to publish <paramref name="Key"/>; answered with <see cref="PublishAccepted"/> or <see cref="PublishRejected"/>.</summary>
public sealed record PublishRequest(StreamKey Key, IActorRef Publisher, ClientInfo Client);

public sealed record PublishAccepted(StreamKey Key, IActorRef Source);

public sealed record PublishRejected(StreamKey Key, string Reason);

/// <summary>A connection asks to play <paramref name="Key"/>; the source fills <paramref name="Queue"/> from then on.</summary>
public sealed record PlayRequest(StreamKey Key, IActorRef Player, ClientInfo Client, OutboundQueue Queue);

public sealed record PlayAccepted(StreamKey Key, IActorRef Source);

/// <summary>A play request the manager cannot serve (the node is at <c>srs.limits.max-streams</c>).</summary>
public sealed record PlayRejected(StreamKey Key, string Reason);

/// <summary>The source is retiring: send the request again to the stream manager.</summary>
public sealed record RetryRequest(object Request);

/// <summary>One frame from the publisher, timestamp as sent (the source corrects it).</summary>
public sealed record PublishFrame(MediaKind Kind, uint Timestamp, ReadOnlyMemory<byte> Body);

/// <summary>The publisher stops publishing (FCUnpublish, deleteStream, or its connection closes).</summary>
public sealed record Unpublish(IActorRef Publisher);

/// <summary>
/// The publisher's input was cut and starts over (a pull's upstream went away): the source forgets the headers and the
/// GOP it cached of the cut session, so a player joining now waits for the next session's instead. Players stay.
/// </summary>
public sealed record PublisherCut(IActorRef Publisher);

/// <summary>A player stops playing.</summary>
public sealed record StopPlay(IActorRef Player);

/// <summary>The source tells a publisher that a newer publisher took the stream over.</summary>
public sealed record PublisherReplaced(StreamKey Key);

/// <summary>The source tells the manager it has had neither publisher nor players for its idle time.</summary>
public sealed record SourceIdle(StreamKey Key);

public sealed class StopIdleSource
{
    public static readonly StopIdleSource Instance = new();
    private StopIdleSource() { }
}
