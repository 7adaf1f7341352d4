using System.Buffers;

namespace Srs.Actors.Media.Mp4;

/// <summary>
/// Collects samples for one movie fragment and writes it as <c>moof</c> (<c>mfhd</c>, then per track <c>traf</c> with
/// <c>tfhd</c>, <c>tfdt</c> and a version 1 <c>trun</c>, ISO 14496-12 8.8) followed by one <c>mdat</c> holding each
/// track's samples in turn. Offsets count from the moof (default-base-is-moof), so a fragment stands alone: an HLS
/// part, an HLS segment (several fragments one after another) or a recorder's file are all just bytes appended.
/// Reusable: <see cref="Clear"/> keeps the buffers.
/// </summary>
public sealed class Mp4Fragment
{
    private const uint DefaultBaseIsMoof = 0x020000;
    private const uint DataOffsetPresent = 0x000001;
    private const uint DurationPresent = 0x000100;
    private const uint SizePresent = 0x000200;
    private const uint FlagsPresent = 0x000400;
    private const uint CompositionOffsetPresent = 0x000800;

    /// <summary>sample_depends_on = 2: decodable on its own.</summary>
    public const uint SyncSampleFlags = 0x02000000;

    /// <summary>sample_depends_on = 1 and sample_is_non_sync_sample.</summary>
    public const uint NonSyncSampleFlags = 0x01010000;

    private readonly List<TrackRun> runs = new();

    /// <summary>True when no sample was added since the last <see cref="Clear"/>.</summary>
    public bool IsEmpty
    {
        get
        {
            foreach (var run in runs)
                if (run.Samples.Count > 0) return false;
            return true;
        }
    }

    /// <summary>Appends a sample of <paramref name="trackId"/>; the first one of a track sets its decode time (<c>tfdt</c>).</summary>
    public void Add(uint trackId, ulong decodeTime, Mp4Sample sample, ReadOnlySpan<byte> data)
    {
        if (data.Length != sample.Size) throw new ArgumentException($"Sample says {sample.Size} bytes, data has {data.Length}.", nameof(data));
        var run = Run(trackId);
        if (run.Samples.Count == 0) run.BaseDecodeTime = decodeTime;
        run.Samples.Add(sample);
        run.Data.Write(data);
    }

    /// <summary>The decode time of the first sample of <paramref name="trackId"/> in this fragment, if it has one.</summary>
    public bool TryGetBaseDecodeTime(uint trackId, out ulong decodeTime)
    {
        foreach (var run in runs)
        {
            if (run.TrackId == trackId && run.Samples.Count > 0)
            {
                decodeTime = run.BaseDecodeTime;
                return true;
            }
        }

        decodeTime = 0;
        return false;
    }

    /// <summary>Writes <c>moof</c> + <c>mdat</c> for the samples added; tracks without samples are left out.</summary>
    public void Write(BoxWriter w, uint sequenceNumber)
    {
        int moof = w.Begin("moof");
        int mfhd = w.BeginFull("mfhd", 0, 0);
        w.UInt32(sequenceNumber);
        w.End(mfhd);
        Span<int> offsetFields = stackalloc int[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            if (run.Samples.Count == 0) continue;
            int traf = w.Begin("traf");
            int tfhd = w.BeginFull("tfhd", 0, DefaultBaseIsMoof);
            w.UInt32(run.TrackId);
            w.End(tfhd);
            int tfdt = w.BeginFull("tfdt", 1, 0);
            w.UInt64(run.BaseDecodeTime);
            w.End(tfdt);
            // Version 1: signed composition offsets, so B-frames need no edit list.
            int trun = w.BeginFull("trun", 1, DataOffsetPresent | DurationPresent | SizePresent | FlagsPresent | CompositionOffsetPresent);
            w.UInt32((uint)run.Samples.Count);
            offsetFields[i] = w.Length;
            w.Int32(0); // data_offset, known once the moof is complete
            foreach (var s in run.Samples)
            {
                w.UInt32(s.Duration);
                w.UInt32((uint)s.Size);
                w.UInt32(s.IsSync ? SyncSampleFlags : NonSyncSampleFlags);
                w.Int32(s.CompositionOffset);
            }

            w.End(trun);
            w.End(traf);
        }

        w.End(moof);
        int moofSize = w.Length - moof;
        int dataOffset = moofSize + 8; // past the mdat's header
        long total = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Samples.Count == 0) continue;
            w.PatchInt32(offsetFields[i], dataOffset);
            dataOffset += runs[i].Data.WrittenCount;
            total += runs[i].Data.WrittenCount;
        }

        if (total + 8 > uint.MaxValue) throw new InvalidOperationException("A fragment over 4 GB needs a 64-bit mdat.");
        int mdat = w.Begin("mdat");
        foreach (var run in runs)
            if (run.Samples.Count > 0) w.Bytes(run.Data.WrittenSpan);
        w.End(mdat);
    }

    /// <summary>Forgets the samples; the track order and buffers stay for the next fragment.</summary>
    public void Clear()
    {
        foreach (var run in runs)
        {
            run.Samples.Clear();
            run.Data.ResetWrittenCount();
        }
    }

    private TrackRun Run(uint trackId)
    {
        foreach (var run in runs)
            if (run.TrackId == trackId) return run;
        var added = new TrackRun(trackId);
        runs.Add(added);
        runs.Sort((a, b) => a.TrackId.CompareTo(b.TrackId));
        return added;
    }

    private sealed class TrackRun(uint trackId)
    {
        public uint TrackId { get; } = trackId;

        public ulong BaseDecodeTime { get; set; }

        public List<Mp4Sample> Samples { get; } = new();

        public ArrayBufferWriter<byte> Data { get; } = new(64 * 1024);
    }
}
