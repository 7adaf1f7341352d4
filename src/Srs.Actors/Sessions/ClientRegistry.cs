using System.Collections.Immutable;
using Akka.Actor;
using Srs.Actors.Streams;
using Srs.Actors.Transport;

namespace Srs.Actors.Sessions;

/// <summary>SRS's client types as its API reports them.</summary>
public static class ClientTypes
{
    public const string RtmpPlay = "rtmp-play";
    public const string FlvPlay = "flv-play";
    public const string FmlePublish = "fmle-publish";
    public const string RawPublish = "raw-publish";
    public const string RtspPull = "rtsp-pull";
    public const string RtmpPull = "rtmp-pull";
    public const string RtspPlay = "rtsp-play";
    public const string RtspPublish = "rtsp-publish";
    public const string RtcPlay = "rtc-play";
}

/// <summary>One connected client: who it is (immutable) and its live byte counters.</summary>
public sealed record ClientEntry(
    string Id,
    string Type,
    string Ip,
    StreamKey Stream,
    string TcUrl,
    string Param,
    bool Publish,
    DateTime ConnectedUtc,
    IActorRef Actor,
    TrafficCounter Recv,
    TrafficCounter Send);

/// <summary>
/// The node's clients as an immutable map that connection actors add themselves to and remove themselves
/// from; the API reads it (and the counters) without asking any actor, and kicks through <see cref="ClientEntry.Actor"/>.
/// </summary>
public sealed class ClientRegistry
{
    private ImmutableDictionary<string, ClientEntry> clients = ImmutableDictionary<string, ClientEntry>.Empty;

    public IReadOnlyDictionary<string, ClientEntry> Clients => Volatile.Read(ref clients);

    public void Set(ClientEntry entry) => ImmutableInterlocked.AddOrUpdate(ref clients, entry.Id, entry, (_, _) => entry);

    private long closedRecv, closedSend;

    /// <summary>Bytes received from every client since start, closed ones included.</summary>
    public long TotalRecv => Interlocked.Read(ref closedRecv) + Sum(static c => c.Recv.Total);

    /// <summary>Bytes sent to every client since start, closed ones included.</summary>
    public long TotalSend => Interlocked.Read(ref closedSend) + Sum(static c => c.Send.Total);

    public void Remove(string id)
    {
        if (!ImmutableInterlocked.TryRemove(ref clients, id, out var gone)) return;
        Interlocked.Add(ref closedRecv, gone.Recv.Total);
        Interlocked.Add(ref closedSend, gone.Send.Total);
    }

    private long Sum(Func<ClientEntry, long> pick)
    {
        long total = 0;
        foreach (var c in Volatile.Read(ref clients).Values) total += pick(c);
        return total;
    }

    public bool TryGet(string id, out ClientEntry entry) => Volatile.Read(ref clients).TryGetValue(id, out entry!);
}
