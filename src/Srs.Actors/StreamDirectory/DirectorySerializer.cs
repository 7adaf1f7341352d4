using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Srs.Actors.StreamDirectory;

/// <summary>
/// Compact binary form of the directory's wire messages. The manifest names the message and its schema
/// ("DS1" = snapshot, schema 1); the payload starts with a format version byte, then big-endian fields,
/// strings as a 16-bit byte length and UTF-8. A new schema gets a new manifest; old readers refuse it loudly.
/// </summary>
public sealed class DirectorySerializer : SerializerWithStringManifest
{
    public const int Id = 7301;

    public const string EndpointManifest = "NE1";
    public const string StreamEntryManifest = "SE1";
    public const string SnapshotManifest = "DS1";
    public const string PublishedManifest = "SP1";
    public const string UnpublishedManifest = "SU1";
    public const string HeartbeatManifest = "HB1";
    public const string HelloManifest = "GH1";
    public const string ResyncManifest = "RR1";

    private const byte FormatVersion = 1;

    public DirectorySerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        DirectorySnapshot => SnapshotManifest,
        StreamPublished => PublishedManifest,
        StreamUnpublished => UnpublishedManifest,
        Heartbeat => HeartbeatManifest,
        GatewayHello => HelloManifest,
        ResyncRequest => ResyncManifest,
        NodeEndpoint => EndpointManifest,
        StreamEntry => StreamEntryManifest,
        _ => throw new ArgumentException($"{nameof(DirectorySerializer)} cannot serialize {o?.GetType().FullName ?? "null"}"),
    };

    public override byte[] ToBinary(object obj)
    {
        var w = new WireWriter(obj is DirectorySnapshot s ? 64 + 48 * s.Streams.Count : 64);
        w.Byte(FormatVersion);
        switch (obj)
        {
            case DirectorySnapshot m:
                WriteEndpoint(w, m.Node);
                w.Int64(m.Incarnation);
                w.Int64(m.Version);
                w.Int64(m.UpSinceUnixMs);
                w.Int32(m.Streams.Count);
                foreach (var e in m.Streams) WriteEntry(w, e);
                break;
            case StreamPublished m:
                w.String(m.NodeId);
                w.Int64(m.Incarnation);
                w.Int64(m.Version);
                WriteEntry(w, m.Stream);
                break;
            case StreamUnpublished m:
                w.String(m.NodeId);
                w.Int64(m.Incarnation);
                w.Int64(m.Version);
                w.String(m.Vhost);
                w.String(m.App);
                w.String(m.Stream);
                break;
            case Heartbeat m:
                w.String(m.NodeId);
                w.Int64(m.Incarnation);
                w.Int64(m.Version);
                break;
            case GatewayHello:
                break;
            case ResyncRequest m:
                w.String(m.NodeId);
                break;
            case NodeEndpoint m:
                WriteEndpoint(w, m);
                break;
            case StreamEntry m:
                WriteEntry(w, m);
                break;
            default:
                throw new ArgumentException($"{nameof(DirectorySerializer)} cannot serialize {obj?.GetType().FullName ?? "null"}");
        }
        return w.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var r = new WireReader(bytes, manifest);
        object message = manifest switch
        {
            SnapshotManifest or PublishedManifest or UnpublishedManifest or HeartbeatManifest or HelloManifest or ResyncManifest
                or EndpointManifest or StreamEntryManifest => Read(ref r, manifest),
            _ => throw new SerializationException(
                $"{nameof(DirectorySerializer)}: unknown manifest '{manifest}' ({bytes.Length} bytes); a newer node may speak a later schema"),
        };
        r.End();
        return message;
    }

    private static object Read(ref WireReader r, string manifest)
    {
        var version = r.Byte();
        if (version != FormatVersion) throw r.Error($"unsupported format version {version}, this build reads {FormatVersion}");
        switch (manifest)
        {
            case SnapshotManifest:
            {
                var node = ReadEndpoint(ref r);
                var incarnation = r.Int64();
                var v = r.Int64();
                var upSince = r.Int64();
                // Each entry takes at least 3 empty strings and a long: a count larger than the bytes left is garbage.
                var count = r.Count(minBytesEach: 3 * 2 + 8);
                var streams = new StreamEntry[count];
                for (int i = 0; i < count; i++) streams[i] = ReadEntry(ref r);
                return new DirectorySnapshot(node, incarnation, v, upSince, streams);
            }
            case PublishedManifest:
                return new StreamPublished(r.String(), r.Int64(), r.Int64(), ReadEntry(ref r));
            case UnpublishedManifest:
                return new StreamUnpublished(r.String(), r.Int64(), r.Int64(), r.String(), r.String(), r.String());
            case HeartbeatManifest:
                return new Heartbeat(r.String(), r.Int64(), r.Int64());
            case HelloManifest:
                return GatewayHello.Instance;
            case ResyncManifest:
                return new ResyncRequest(r.String());
            case EndpointManifest:
                return ReadEndpoint(ref r);
            default:
                return ReadEntry(ref r);
        }
    }

    private static void WriteEndpoint(WireWriter w, NodeEndpoint e)
    {
        w.String(e.NodeId);
        w.String(e.PublicHost);
        w.Port(e.RtmpPort);
        w.Port(e.HttpPort);
    }

    private static NodeEndpoint ReadEndpoint(ref WireReader r) => new(r.String(), r.String(), r.UInt16(), r.UInt16());

    private static void WriteEntry(WireWriter w, StreamEntry e)
    {
        w.String(e.Vhost);
        w.String(e.App);
        w.String(e.Stream);
        w.Int64(e.SinceUnixMs);
    }

    private static StreamEntry ReadEntry(ref WireReader r) => new(r.String(), r.String(), r.String(), r.Int64());

    private sealed class WireWriter(int capacity)
    {
        private byte[] buffer = new byte[capacity];
        private int length;

        public void Byte(byte value) => Take(1)[0] = value;

        public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

        public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

        public void Port(int port)
        {
            if (port is < 0 or > ushort.MaxValue) throw new ArgumentException($"port {port} is out of range 0..65535");
            BinaryPrimitives.WriteUInt16BigEndian(Take(2), (ushort)port);
        }

        public void String(string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            int count = Encoding.UTF8.GetByteCount(value);
            if (count > ushort.MaxValue) throw new ArgumentException($"a directory string is limited to 65535 UTF-8 bytes, got {count}");
            BinaryPrimitives.WriteUInt16BigEndian(Take(2), (ushort)count);
            Encoding.UTF8.GetBytes(value, Take(count));
        }

        public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

        private Span<byte> Take(int count)
        {
            if (length + count > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
            var span = buffer.AsSpan(length, count);
            length += count;
            return span;
        }
    }

    private ref struct WireReader(ReadOnlySpan<byte> bytes, string manifest)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly ReadOnlySpan<byte> bytes = bytes;
        private int position;

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        public int Count(int minBytesEach)
        {
            int at = position;
            int count = BinaryPrimitives.ReadInt32BigEndian(Take(4));
            if (count < 0 || (long)count * minBytesEach > bytes.Length - position)
                throw Error($"list count {count} at byte {at} does not fit in the {bytes.Length - position} bytes left");
            return count;
        }

        public string String()
        {
            int length = UInt16();
            int at = position;
            var raw = Take(length);
            try
            {
                return StrictUtf8.GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                throw Error($"invalid UTF-8 in the string at byte {at}");
            }
        }

        public readonly void End()
        {
            if (position != bytes.Length) throw Error($"{bytes.Length - position} unexpected bytes after the message");
        }

        public readonly SerializationException Error(string what) =>
            new($"{nameof(DirectorySerializer)}: malformed '{manifest}' message ({bytes.Length} bytes): {what}");

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > bytes.Length - position)
                throw Error($"truncated: needs {count} bytes at byte {position}, has {bytes.Length - position}");
            var span = bytes.Slice(position, count);
            position += count;
            return span;
        }
    }
}
