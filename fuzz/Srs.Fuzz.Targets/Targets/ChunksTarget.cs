using System.Buffers;
using Srs.Actors.Rtmp;
using Srs.Actors.Rtmp.Chunks;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// What a peer sends after the handshake: chunks, read whole and again in pieces (split points derived from the
/// input), every completed message decoded as the connection would. Only <see cref="RtmpProtocolException"/> may
/// escape; both readings must agree; every message must survive a write/read round trip through
/// <see cref="ChunkWriter"/>; and the reader must consume bytes whenever it returns a message.
/// </summary>
public sealed class ChunksTarget : FuzzTarget
{
    // Small, so that random 24-bit lengths are refused or cheap; the limit's own check is exercised all the same.
    private const int MaxMessageSize = 64 * 1024;

    public override string Name => "chunks";

    public override string Contract =>
        "ChunkReader + message decoding (control, AMF0/AMF3 command and data, aggregate, media); throws only RtmpProtocolException; same messages however the bytes are split; messages round-trip through ChunkWriter";

    public override bool IsRejection(Exception e) => Is<RtmpProtocolException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        byte[] bytes = input.ToArray();
        List<RtmpMessage>? whole = null;
        RtmpProtocolException? wholeError = null;
        try
        {
            whole = ReadAll(new ChunkReader(MaxMessageSize), new ReadOnlySequence<byte>(bytes), out _);
        }
        catch (RtmpProtocolException e)
        {
            wholeError = e;
        }

        int step = InputSplit.Step(input, 97);
        List<RtmpMessage>? pieces = null;
        try
        {
            pieces = ReadInPieces(bytes, step);
        }
        catch (RtmpProtocolException)
        {
            // Compared below: failing one way only is the bug, not the error itself.
        }

        ContractViolationException.Require(
            (whole is null) == (pieces is null),
            $"whole read {(wholeError is null ? "succeeded" : "failed: " + wholeError.Message)}, read in {step}-byte pieces {(pieces is null ? "failed" : "succeeded")}");
        if (wholeError is not null)
        {
            throw wholeError;
        }

        ContractViolationException.Require(Same(whole!, pieces!), $"reading in {step}-byte pieces gave different messages");
        foreach (var message in whole!)
        {
            RoundTrip(message);
            RtmpMessageChecks.Decode(message);
        }
    }

    /// <summary>
    /// Every message <paramref name="input"/> completes, read as a connection's loop reads; <paramref name="consumed"/>
    /// is where the reader stopped. A message returned without consuming a byte breaks the contract (the loop would spin).
    /// </summary>
    public static List<RtmpMessage> ReadAll(ChunkReader chunks, ReadOnlySequence<byte> input, out long consumed)
    {
        var reader = new SequenceReader<byte>(input);
        var messages = new List<RtmpMessage>();
        while (true)
        {
            long before = reader.Consumed;
            if (!chunks.TryReadMessage(ref reader, out var message))
            {
                break;
            }

            ContractViolationException.Require(message is not null && reader.Consumed > before, "a message was returned without consuming bytes");
            messages.Add(message!);
        }

        consumed = reader.Consumed;
        return messages;
    }

    /// <summary>Like a PipeReader loop: each call sees the unconsumed rest plus <paramref name="step"/> new bytes, in two segments.</summary>
    private static List<RtmpMessage> ReadInPieces(byte[] input, int step)
    {
        var chunks = new ChunkReader(MaxMessageSize);
        var messages = new List<RtmpMessage>();
        int start = 0;
        for (int end = Math.Min(step, input.Length); ; end = Math.Min(end + step, input.Length))
        {
            messages.AddRange(ReadAll(chunks, TwoSegments(input.AsMemory(start, end - start)), out long consumed));
            start += (int)consumed;
            if (end == input.Length)
            {
                return messages;
            }
        }
    }

    private static void RoundTrip(RtmpMessage message)
    {
        int chunkSize = 1 + (message.Payload.Length % 300);
        byte[] encoded = ChunkWriter.Encode(message, 3, chunkSize);
        var reader = new ChunkReader(MaxMessageSize) { ChunkSize = chunkSize };
        var back = ReadAll(reader, new ReadOnlySequence<byte>(encoded), out long consumed);
        ContractViolationException.Require(consumed == encoded.Length && Same([message], back), $"type {message.TypeId} message does not survive ChunkWriter at chunk size {chunkSize}");
    }

    private static bool Same(IReadOnlyList<RtmpMessage> a, IReadOnlyList<RtmpMessage> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].TypeId != b[i].TypeId || a[i].StreamId != b[i].StreamId || a[i].Timestamp != b[i].Timestamp
                || !a[i].Payload.Span.SequenceEqual(b[i].Payload.Span))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bytes in two segments split in the middle, so header fields also straddle segment boundaries.</summary>
    private static ReadOnlySequence<byte> TwoSegments(ReadOnlyMemory<byte> bytes) =>
        bytes.Length < 2 ? new ReadOnlySequence<byte>(bytes) : Sequences.Create(bytes[..(bytes.Length / 2)], bytes[(bytes.Length / 2)..]);
}
