using System.Buffers;
using Srs.Actors.Rtsp.Base;
using Srs.Actors.Rtsp.Headers;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// An RTSP connection's bytes from an untrusted peer: read as the pull reads a camera (responses and interleaved
/// frames) when they start with a status line, else as the server reads a client (requests and interleaved frames); each message's Transport, Session
/// and WWW-Authenticate headers parsed. The reader throws only <see cref="RtspProtocolException"/>; a message read
/// whole must be read the same when its bytes arrive split in two.
/// </summary>
public sealed class RtspTarget : FuzzTarget
{
    public override string Name => "rtsp";

    public override string Contract =>
        "RtspMessageReader.TryReadRequest/TryReadResponse/TryReadInterleaved over a byte stream (throws only RtspProtocolException; nothing consumed until a whole unit is there), TransportHeader, SessionHeader and AuthChallenge parsers (never throw)";

    public override bool IsRejection(Exception e) => Is<RtspProtocolException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        // A camera answers with status lines; a client asks with request lines: the first bytes say which side reads.
        bool server = !input.StartsWith("RTSP/"u8);
        int units = Read(bytes, server);
        // The same bytes cut in two must give the same messages: TryRead consumes nothing of a partial unit.
        if (bytes.Length > 1)
        {
            int cut = bytes.Length / 2;
            var split = Sequences.Create(bytes.AsMemory(0, cut), bytes.AsMemory(cut));
            var reader = new SequenceReader<byte>(split);
            int again = 0;
            while (Next(ref reader, server, out _)) again++;
            ContractViolationException.Require(again == units, $"{units} units whole, {again} split at {cut}");
        }
    }

    private static int Read(byte[] bytes, bool server)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        int count = 0;
        while (Next(ref reader, server, out var headers))
        {
            count++;
            if (headers is null) continue;
            if (headers["Transport"] is { } t) TransportHeader.TryParse(t, out _, out _);
            if (headers["Session"] is { } s) SessionHeader.TryParse(s, out _);
            foreach (var a in headers.All("WWW-Authenticate")) AuthChallenge.TryParse(a, out _);
        }
        return count;
    }

    private static bool Next(ref SequenceReader<byte> reader, bool server, out RtspHeaders? headers)
    {
        headers = null;
        long before = reader.Consumed;
        bool read;
        if (RtspMessageReader.InterleavedNext(reader))
        {
            read = RtspMessageReader.TryReadInterleaved(ref reader, out var frame);
            if (read) ContractViolationException.Require(frame.Payload.Length <= ushort.MaxValue, "an interleaved frame over 64 KB");
        }
        else if (server)
        {
            read = RtspMessageReader.TryReadRequest(ref reader, out var request);
            headers = request?.Headers;
        }
        else
        {
            read = RtspMessageReader.TryReadResponse(ref reader, out var response);
            headers = response?.Headers;
        }
        ContractViolationException.Require(read ? reader.Consumed > before : reader.Consumed == before, "consumed a partial unit, or read nothing");
        return read;
    }
}
