using System.Buffers.Binary;

namespace Srs.Actors.Media.Mp4;

/// <summary>One track's run in a movie fragment: its decode time (<c>tfdt</c>), where that field sits in the fragment, its summed duration, whether it starts on a sync sample.</summary>
public readonly record struct Mp4RunInfo(uint TrackId, ulong BaseDecodeTime, int TfdtOffset, ulong Duration, bool StartsWithSync);

/// <summary>One complete <c>moof</c>+<c>mdat</c> of a file: where it is and what its track runs hold.</summary>
public sealed record Mp4FragmentInfo(long Offset, int Length, IReadOnlyList<Mp4RunInfo> Runs);

/// <summary>A fragmented MP4 file read back: its init segment's length and timescales, its complete fragments, and where the last complete one ends.</summary>
public sealed record Mp4FileLayout(int InitLength, IReadOnlyDictionary<uint, uint> Timescales, IReadOnlyList<Mp4FragmentInfo> Fragments, long ValidLength);

/// <summary>
/// Reads a fragmented MP4 file's top-level boxes without loading its media: <c>ftyp</c>+<c>moov</c>, then
/// <c>moof</c>+<c>mdat</c> pairs, stopping at the first box a power cut left incomplete. What a recorder needs to repair
/// a torn tail and a playback server to list and cut by time (ISO 14496-12 8.8).
/// </summary>
public static class Mp4FileScanner
{
    private const int MaxHeaderBox = 16 * 1024 * 1024;
    private const uint TfhdDurationPresent = 0x08;
    private const uint TfhdBaseDataOffset = 0x01, TfhdSampleDescription = 0x02, TfhdFlagsPresent = 0x20;
    private const uint TrunDataOffset = 0x01, TrunFirstFlags = 0x04, TrunDuration = 0x100, TrunSize = 0x200, TrunFlags = 0x400, TrunCts = 0x800;

    public static Mp4FileLayout Scan(Stream file)
    {
        long length = file.Length, pos = 0;
        int initLength = 0;
        var timescales = new Dictionary<uint, uint>();
        var fragments = new List<Mp4FragmentInfo>();
        long valid = 0;
        Span<byte> header = stackalloc byte[16];
        byte[]? pendingMoof = null;
        long moofStart = 0;
        while (pos + 8 <= length)
        {
            file.Position = pos;
            file.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header.Slice(4, 4);
            int headerSize = 8;
            if (size == 1)
            {
                if (pos + 16 > length) break;
                file.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                headerSize = 16;
            }

            if (size < headerSize || pos + size > length) break; // size 0 ("to the end") is never complete here either
            if (type.SequenceEqual("moov"u8) || type.SequenceEqual("moof"u8))
            {
                if (size > MaxHeaderBox) break;
                var box = new byte[size];
                file.Position = pos;
                file.ReadExactly(box);
                if (type.SequenceEqual("moov"u8))
                {
                    ReadTimescales(box.AsSpan(headerSize), timescales);
                    initLength = (int)(pos + size);
                    valid = initLength;
                }
                else
                {
                    pendingMoof = box;
                    moofStart = pos;
                }
            }
            else if (type.SequenceEqual("mdat"u8) && pendingMoof is not null)
            {
                var runs = ReadRuns(pendingMoof);
                fragments.Add(new Mp4FragmentInfo(moofStart, (int)(pos + size - moofStart), runs));
                pendingMoof = null;
                valid = pos + size;
            }
            else if (type.SequenceEqual("ftyp"u8) && initLength == 0)
            {
                // Part of the init segment: counted once the moov after it is complete.
            }

            pos += size;
        }

        return new Mp4FileLayout(initLength, timescales, fragments, valid);
    }

    /// <summary>The track ids (<c>tkhd</c>) and timescales (<c>mdhd</c>) of a <c>moov</c>'s payload.</summary>
    public static void ReadTimescales(ReadOnlySpan<byte> moov, Dictionary<uint, uint> into)
    {
        foreach (var (type, trak) in Children(moov))
        {
            if (type != "trak") continue;
            uint id = 0, scale = 0;
            foreach (var (t, body) in Children(trak))
            {
                if (t == "tkhd" && body.Length >= 24) id = BinaryPrimitives.ReadUInt32BigEndian(body[(body[0] == 1 ? 20 : 12)..]);
                if (t != "mdia") continue;
                foreach (var (m, mdhd) in Children(body))
                    if (m == "mdhd" && mdhd.Length >= 24) scale = BinaryPrimitives.ReadUInt32BigEndian(mdhd[(mdhd[0] == 1 ? 20 : 12)..]);
            }

            if (id != 0 && scale != 0) into[id] = scale;
        }
    }

    private static List<Mp4RunInfo> ReadRuns(byte[] moof)
    {
        var runs = new List<Mp4RunInfo>(2);
        int moofHeader = 8;
        int trafAt = moofHeader;
        foreach (var (type, traf) in Children(moof.AsSpan(moofHeader)))
        {
            int trafStart = trafAt;
            trafAt += traf.Length + 8;
            if (type != "traf") continue;
            uint track = 0, defaultDuration = 0, defaultFlags = 0;
            ulong decodeTime = 0, duration = 0;
            int tfdtOffset = -1;
            bool sync = false, first = true;
            int childAt = trafStart + 8;
            foreach (var (t, body) in Children(traf))
            {
                int bodyAt = childAt + 8;
                childAt += body.Length + 8;
                if (body.Length < 4) continue;
                uint flags = BinaryPrimitives.ReadUInt32BigEndian(body) & 0xFFFFFF;
                var r = body[4..];
                switch (t)
                {
                    case "tfhd" when r.Length >= 4:
                        track = BinaryPrimitives.ReadUInt32BigEndian(r);
                        int at = 4 + ((flags & TfhdBaseDataOffset) != 0 ? 8 : 0) + ((flags & TfhdSampleDescription) != 0 ? 4 : 0);
                        if ((flags & TfhdDurationPresent) != 0 && r.Length >= at + 4) defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(r[at..]);
                        if ((flags & TfhdDurationPresent) != 0) at += 4;
                        if ((flags & 0x10) != 0) at += 4;
                        if ((flags & TfhdFlagsPresent) != 0 && r.Length >= at + 4) defaultFlags = BinaryPrimitives.ReadUInt32BigEndian(r[at..]);
                        break;
                    case "tfdt":
                        tfdtOffset = bodyAt + 4;
                        decodeTime = body[0] == 1 && r.Length >= 8 ? BinaryPrimitives.ReadUInt64BigEndian(r) : r.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(r) : 0;
                        break;
                    case "trun" when r.Length >= 4:
                        (duration, bool firstSync) = ReadTrun(r, flags, defaultDuration, defaultFlags, duration);
                        if (first) sync = firstSync;
                        first = false;
                        break;
                }
            }

            if (track != 0 && tfdtOffset >= 0) runs.Add(new Mp4RunInfo(track, decodeTime, tfdtOffset, duration, sync));
        }

        return runs;
    }

    private static (ulong Duration, bool FirstSync) ReadTrun(ReadOnlySpan<byte> r, uint flags, uint defaultDuration, uint defaultFlags, ulong duration)
    {
        uint count = BinaryPrimitives.ReadUInt32BigEndian(r);
        int at = 4 + ((flags & TrunDataOffset) != 0 ? 4 : 0);
        uint firstFlags = defaultFlags;
        if ((flags & TrunFirstFlags) != 0 && r.Length >= at + 4)
        {
            firstFlags = BinaryPrimitives.ReadUInt32BigEndian(r[at..]);
            at += 4;
        }

        int perSample = ((flags & TrunDuration) != 0 ? 4 : 0) + ((flags & TrunSize) != 0 ? 4 : 0) + ((flags & TrunFlags) != 0 ? 4 : 0) + ((flags & TrunCts) != 0 ? 4 : 0);
        for (uint i = 0; i < count && r.Length >= at + perSample; i++)
        {
            int field = at;
            duration += (flags & TrunDuration) != 0 ? BinaryPrimitives.ReadUInt32BigEndian(r[field..]) : defaultDuration;
            if (i == 0 && (flags & TrunFlags) != 0 && (flags & TrunFirstFlags) == 0)
            {
                field += ((flags & TrunDuration) != 0 ? 4 : 0) + ((flags & TrunSize) != 0 ? 4 : 0);
                firstFlags = BinaryPrimitives.ReadUInt32BigEndian(r[field..]);
            }

            at += perSample;
        }

        bool nonSync = (firstFlags & 0x00010000) != 0; // sample_is_non_sync_sample
        return (duration, !nonSync);
    }

    /// <summary>The child boxes of a box's payload, as (type, payload) pairs; stops at a malformed size.</summary>
    private static List<(string Type, byte[] Body)> ChildrenList(ReadOnlySpan<byte> payload)
    {
        var list = new List<(string, byte[])>();
        int pos = 0;
        while (pos + 8 <= payload.Length)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(payload[pos..]);
            if (size < 8 || pos + size > payload.Length) break;
            list.Add((System.Text.Encoding.ASCII.GetString(payload.Slice(pos + 4, 4)), payload.Slice(pos + 8, (int)size - 8).ToArray()));
            pos += (int)size;
        }

        return list;
    }

    private static IEnumerable<(string Type, byte[] Body)> Children(ReadOnlySpan<byte> payload) => ChildrenList(payload);
}
