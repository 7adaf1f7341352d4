using System.Buffers.Binary;
using System.Numerics;

namespace Srs.Actors.WebRtc.Rtcp;

/// <summary>
/// Walks a compound RTCP packet from a WebRTC receiver (after SRTCP unprotect) into the feedback a sender acts on:
/// reception reports (RFC 3550), generic NACK and PLI (RFC 4585), FIR (RFC 5104). SDES, BYE, APP and XR are skipped.
/// </summary>
public static class RtcpReader
{
    /// <summary>Entries one compound packet may give: a browser's carries a handful.</summary>
    public const int MaxEntries = 64;

    /// <summary>Lost sequence numbers one NACK may name: more than a retransmission history could answer.</summary>
    public const int MaxLostSequences = 512;

    private const byte SenderReport = 200;
    private const byte ReceiverReportType = 201;
    private const byte TransportFeedback = 205;
    private const byte PayloadFeedback = 206;
    private const int ReportBlockSize = 24;

    /// <summary>Adds the compound packet's feedback to <paramref name="into"/>; false with a one-line reason when a length or count does not fit.</summary>
    public static bool TryRead(ReadOnlySpan<byte> compound, List<RtcpFeedback> into, out string? error)
    {
        int entries = 0;
        while (!compound.IsEmpty)
        {
            if (compound.Length < 4) return Fail($"{compound.Length} trailing bytes after the last RTCP packet", out error);
            if (compound[0] >> 6 != 2) return Fail($"RTCP version {compound[0] >> 6}", out error);
            int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(compound[2..]) + 1);
            if (length > compound.Length) return Fail($"an RTCP packet of {length} bytes in {compound.Length}", out error);
            var packet = compound[..length];
            compound = compound[length..];
            if ((packet[0] & 0x20) != 0)
            {
                int padding = packet[^1];
                if (padding == 0 || padding > length - 4) return Fail($"RTCP padding of {padding} bytes in {length}", out error);
                packet = packet[..(length - padding)];
            }
            int count = packet[0] & 0x1F;
            byte type = packet[1];
            if (type is SenderReport or ReceiverReportType or TransportFeedback or PayloadFeedback && packet.Length < 8)
            {
                return Fail($"RTCP type {type} of {packet.Length} bytes", out error);
            }
            int before = into.Count;
            switch (type)
            {
                case SenderReport:
                    if (!TryReadReports(packet, 28, count, into, out error)) return false;
                    break;
                case ReceiverReportType:
                    if (!TryReadReports(packet, 8, count, into, out error)) return false;
                    break;
                case TransportFeedback:
                case PayloadFeedback:
                    if (!TryReadFeedback(packet, type, count, into, out error)) return false;
                    break;
            }
            entries += into.Count - before;
            if (entries > MaxEntries) return Fail($"more than {MaxEntries} RTCP feedback entries", out error);
        }
        error = null;
        return true;
    }

    private static bool TryReadReports(ReadOnlySpan<byte> packet, int blocksAt, int count, List<RtcpFeedback> into, out string? error)
    {
        if (packet.Length < blocksAt + (count * ReportBlockSize)) return Fail($"{count} report blocks in {packet.Length} bytes", out error);
        uint sender = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        for (int i = 0; i < count; i++)
        {
            uint source = BinaryPrimitives.ReadUInt32BigEndian(packet[(blocksAt + (i * ReportBlockSize))..]);
            into.Add(new RtcpFeedback(RtcpFeedbackKind.ReceiverReport, sender, source, null));
        }
        error = null;
        return true;
    }

    private static bool TryReadFeedback(ReadOnlySpan<byte> packet, byte type, int format, List<RtcpFeedback> into, out string? error)
    {
        if (packet.Length < 12) return Fail($"RTCP feedback of {packet.Length} bytes", out error);
        uint sender = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        uint media = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var fci = packet[12..];
        if (type == TransportFeedback && format == 1)
        {
            if (fci.IsEmpty || (fci.Length & 3) != 0) return Fail($"a NACK with {fci.Length} bytes of FCI", out error);
            into.Add(new RtcpFeedback(RtcpFeedbackKind.Nack, sender, media, ExpandNack(fci)));
        }
        else if (type == PayloadFeedback && format == 1)
        {
            into.Add(new RtcpFeedback(RtcpFeedbackKind.Pli, sender, media, null));
        }
        else if (type == PayloadFeedback && format == 4)
        {
            if (fci.IsEmpty || fci.Length % 8 != 0) return Fail($"a FIR with {fci.Length} bytes of FCI", out error);
            if (fci.Length / 8 > MaxEntries) return Fail($"a FIR with {fci.Length / 8} entries", out error);
            for (int at = 0; at < fci.Length; at += 8)
            {
                into.Add(new RtcpFeedback(RtcpFeedbackKind.Fir, sender, BinaryPrimitives.ReadUInt32BigEndian(fci[at..]), null));
            }
        }
        else
        {
            into.Add(new RtcpFeedback(RtcpFeedbackKind.Other, sender, media, null));
        }
        error = null;
        return true;
    }

    /// <summary>Each FCI names its PID and, by bit i of its bitmask, PID + i + 1 (RFC 4585 6.2.1); at most <see cref="MaxLostSequences"/>.</summary>
    private static ushort[] ExpandNack(ReadOnlySpan<byte> fci)
    {
        int total = 0;
        for (int at = 0; at < fci.Length; at += 4) total += 1 + BitOperations.PopCount(BinaryPrimitives.ReadUInt16BigEndian(fci[(at + 2)..]));
        var lost = new ushort[Math.Min(total, MaxLostSequences)];
        int n = 0;
        for (int at = 0; at < fci.Length && n < lost.Length; at += 4)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(fci[at..]);
            ushort mask = BinaryPrimitives.ReadUInt16BigEndian(fci[(at + 2)..]);
            lost[n++] = pid;
            for (int bit = 0; bit < 16 && n < lost.Length; bit++)
            {
                if ((mask & (1 << bit)) != 0) lost[n++] = (ushort)(pid + bit + 1);
            }
        }
        return lost;
    }

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }
}
