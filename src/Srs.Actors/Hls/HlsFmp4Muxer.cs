using Srs.Actors.Media;
using Srs.Actors.Media.Mp4;
using Srs.Actors.Streams;

namespace Srs.Actors.Hls;

/// <summary>
/// Cuts one stream's frames into fMP4 HLS: an init segment per set of sequence headers, segments cut as
/// <see cref="HlsMuxer"/> cuts TS (keyframe past <c>fragment</c>, any frame past fragment × aof-ratio), and each
/// segment made of parts of at most <c>part-duration</c>, one <c>moof</c>+<c>mdat</c> each, which LL-HLS serves as
/// they close. A video sample is held until the next one gives its duration, so a part closes one frame after its
/// last picture. Actor-free, like <see cref="HlsMuxer"/>, and never throws for what a publisher sends.
/// </summary>
public sealed class HlsFmp4Muxer
{
    private const uint VideoTrack = 1;
    private const uint AudioTrack = 2;
    private const uint VideoTimescale = 90000;

    private readonly HlsSettings settings;
    private readonly string streamName;
    private readonly BoxWriter box = new(256 * 1024);
    private readonly Mp4Fragment fragment = new();
    private readonly List<HlsPartFile> parts = new();
    private readonly Queue<HlsSegmentFile> completed = new();
    private Mp4SampleEntry? video, audio;
    private byte[]? videoConfig, audioConfig;
    private int audioRate, audioFrameSamples;
    private bool initDirty = true, open, discontinuity, segmentDiscontinuity;
    private long sequence, nextSequence, segmentStart, partStart, lastDts, lastVideoDts, videoDelta = 40;
    private bool partIndependent, partHasVideo;
    private ReadOnlyMemory<byte> pendingData;
    private bool hasPending, pendingKey;
    private long pendingDts;
    private int pendingCts;
    private long audioTime;
    private bool audioTimeSet;
    private uint fragmentSequence = 1;

    public HlsFmp4Muxer(HlsSettings settings, string streamName)
    {
        this.settings = settings;
        this.streamName = streamName;
    }

    /// <summary>The init segment of the open segment and those after it, once a segment opened.</summary>
    public HlsSegmentFile? Init { get; private set; }

    public bool HasOpenSegment => open;

    /// <summary>The sequence number of the segment being written (or the next one, when none is open).</summary>
    public long LiveSequence => open ? sequence : nextSequence;

    /// <summary>The closed parts of the segment being written.</summary>
    public IReadOnlyList<HlsPartFile> LiveParts => parts;

    /// <summary>The name the next part will have: LL-HLS's preload hint.</summary>
    public string NextPartName => PartName(LiveSequence, open ? parts.Count : 0);

    public bool HasVideo => video is not null;

    /// <summary>The segment being written follows a break (a republish, a codec change).</summary>
    public bool LiveDiscontinuity => open ? segmentDiscontinuity : discontinuity;

    public void MarkDiscontinuity() => discontinuity = true;

    public bool TryTakeCompleted(out HlsSegmentFile segment) => completed.TryDequeue(out segment!);

    /// <summary>Writes one frame; true when it closed a part (and maybe a segment: see <see cref="TryTakeCompleted"/>).</summary>
    public bool Write(MediaFrame frame) => frame.Kind switch
    {
        MediaKind.Video => frame.IsSequenceHeader ? OnVideoHeader(frame) : OnVideo(frame),
        MediaKind.Audio => frame.IsSequenceHeader ? OnAudioHeader(frame) : OnAudio(frame),
        _ => false,
    };

    /// <summary>Closes the open segment (the publisher left, the codec changed); the last sample lasts as long as the one before.</summary>
    public bool Flush()
    {
        if (!open) return false;
        long end = video is not null ? lastVideoDts + videoDelta : lastDts + AudioFrameMs; // audio past the last picture does not lengthen the part
        FlushPending(end);
        ClosePart(end);
        CloseSegment(end);
        return true;
    }

    private long AudioFrameMs => audioRate > 0 ? Math.Max(1, audioFrameSamples * 1000L / audioRate) : 23;

    private bool OnVideoHeader(MediaFrame frame)
    {
        var codec = FlvVideo.GetCodec(frame.Body.Span);
        if (codec is not (VideoCodec.Avc or VideoCodec.Hevc) || !FlvVideoPayload.TryGetConfig(frame.Body, out var config)) return false;
        if (videoConfig is not null && config.Span.SequenceEqual(videoConfig)) return false;
        Mp4SampleEntry entry;
        if (codec == VideoCodec.Avc)
        {
            AvcDecoderConfig record;
            try { record = AvcDecoderConfig.Parse(config.Span); }
            catch (InvalidDataException) { return false; } // a refused header is as if never sent

            int width = 0, height = 0;
            try
            {
                if (record.Sps.Count > 0) (width, height) = (SpsParser.Parse(record.Sps[0]) is var sps ? (sps.Width, sps.Height) : (0, 0));
            }
            catch (InvalidDataException)
            {
                // An SPS we cannot read still decodes elsewhere: the sample entry just states no size.
            }

            entry = new AvcSampleEntry(config.ToArray(), width, height);
        }
        else
        {
            var (width, height) = HevcPictureSize.Read(config.Span);
            entry = new HevcSampleEntry(config.ToArray(), width, height);
        }

        return SetTrack(ref video, ref videoConfig, entry, config.Span);
    }

    private bool OnAudioHeader(MediaFrame frame) => Mp4AudioReader.TryReadConfig(frame.Body.Span, out var config) && SetAudio(config);

    /// <summary>AAC's and Opus's sequence header, or an MP3 frame's header, names the audio track; the same one again changes nothing.</summary>
    private bool SetAudio(Mp4AudioConfig config)
    {
        if (audioConfig is not null && config.Key.AsSpan().SequenceEqual(audioConfig)) return false;
        (audioRate, audioFrameSamples) = (config.Timescale, config.FrameSamples);
        audioTimeSet = false;
        return SetTrack(ref audio, ref audioConfig, config.Entry, config.Key);
    }

    /// <summary>A new or changed track needs a new init segment; the open segment ends, since its fragments decode with the old one.</summary>
    private bool SetTrack(ref Mp4SampleEntry? track, ref byte[]? config, Mp4SampleEntry entry, ReadOnlySpan<byte> bytes)
    {
        bool changed = track is not null;
        if (!changed && open && parts.Count == 0 && Init is not null)
        {
            // A track joining before the open segment's first part (MP3 has no header: its first frame names it) joins its init segment.
            (track, config) = (entry, bytes.ToArray());
            BuildInit(sequence);
            return false;
        }

        bool closed = open && Flush();
        if (changed) discontinuity = true;
        track = entry;
        config = bytes.ToArray();
        initDirty = true;
        return closed;
    }

    private bool OnVideo(MediaFrame frame)
    {
        if (video is null || !FlvVideoPayload.TryGetFrame(frame.Body, out var data, out int cts)) return false;
        bool key = FlvVideo.IsKeyFrame(frame.Body.Span);
        long dts = frame.Timestamp;
        bool changed = false;
        if (!open)
        {
            if (settings.WaitKeyframe && !key) return false; // a segment must be decodable on its own
            Open(dts);
        }
        else
        {
            if (hasPending && dts > pendingDts) videoDelta = dts - pendingDts;
            long fragmentMs = (long)settings.Fragment.TotalMilliseconds;
            bool segmentCut = ((key || !settings.WaitKeyframe) && dts - segmentStart >= fragmentMs) || dts - segmentStart >= fragmentMs * settings.AofRatio;
            // This picture starts the next part when, lasting as long as the last one, it would end past the part target.
            bool partCut = segmentCut || dts + videoDelta > partStart + (long)settings.PartDuration.TotalMilliseconds;
            FlushPending(dts);
            if (partCut)
            {
                ClosePart(dts);
                changed = true;
            }

            if (segmentCut)
            {
                CloseSegment(dts);
                Open(dts);
            }
        }

        if (!partHasVideo)
        {
            partIndependent = key;
            partHasVideo = true;
        }

        (pendingData, pendingDts, pendingCts, pendingKey, hasPending) = (data, dts, cts, key, true);
        lastDts = Math.Max(lastDts, dts);
        lastVideoDts = dts;
        return changed;
    }

    private bool OnAudio(MediaFrame frame)
    {
        var body = frame.Body.Span;
        if (!Mp4AudioReader.TryReadFrame(body, out int offset, out int samples, out var mp3)) return false;
        bool changed = mp3 is { } h && !Mp4AudioReader.IsTrackOf(audioConfig, h) && SetAudio(Mp4AudioReader.Mp3Config(h));
        if (audio is null) return changed;
        long dts = frame.Timestamp;
        if (!open)
        {
            if (video is not null) return changed; // audio waits for the first video keyframe
            Open(dts);
        }
        else if (video is null)
        {
            bool segmentCut = dts - segmentStart >= settings.Fragment.TotalMilliseconds * settings.AofRatio;
            if (segmentCut || dts + AudioFrameMs > partStart + (long)settings.PartDuration.TotalMilliseconds)
            {
                ClosePart(dts);
                changed = true;
            }

            if (segmentCut)
            {
                CloseSegment(dts);
                Open(dts);
            }
        }

        // Audio time counts samples, so frames line up exactly; it follows the timestamps again after a gap.
        long time = dts * audioRate / 1000;
        if (!audioTimeSet || Math.Abs(time - audioTime) > 2 * Math.Max(samples, audioFrameSamples)) audioTime = time;
        audioTimeSet = true;
        fragment.Add(AudioTrack, (ulong)audioTime, new Mp4Sample((uint)samples, body.Length - offset, true, 0), body[offset..]);
        audioTime += samples;
        lastDts = Math.Max(lastDts, dts);
        return changed;
    }

    private void FlushPending(long endDts)
    {
        if (!hasPending) return;
        long duration = Math.Max(1, endDts - pendingDts);
        fragment.Add(VideoTrack, (ulong)pendingDts * 90, new Mp4Sample((uint)(duration * 90), pendingData.Length, pendingKey, pendingCts * 90), pendingData.Span);
        hasPending = false;
        pendingData = default;
    }

    private void Open(long dts)
    {
        if (initDirty) BuildInit(nextSequence);
        open = true;
        sequence = nextSequence++;
        segmentStart = partStart = lastDts = lastVideoDts = dts;
        segmentDiscontinuity = discontinuity;
        discontinuity = false;
        parts.Clear();
        partHasVideo = false;
        partIndependent = video is null;
    }

    private void BuildInit(long number)
    {
        var tracks = new List<Mp4Track>(2);
        if (video is not null) tracks.Add(new Mp4Track(VideoTrack, VideoTimescale, video));
        if (audio is not null) tracks.Add(new Mp4Track(AudioTrack, (uint)audioRate, audio));
        box.Reset();
        Mp4InitSegment.Write(box, tracks);
        Init = new HlsSegmentFile($"{streamName}-{number}.mp4", number, TimeSpan.Zero, false, SegmentBytes.Unpooled(box.ToArray()), DateTime.UtcNow);
        initDirty = false;
    }

    private void ClosePart(long endDts)
    {
        if (fragment.IsEmpty) return;
        box.Reset();
        fragment.Write(box, fragmentSequence++);
        fragment.Clear();
        parts.Add(new HlsPartFile(PartName(sequence, parts.Count), sequence, parts.Count, TimeSpan.FromMilliseconds(endDts - partStart), partIndependent, box.ToArray()));
        partStart = endDts;
        partHasVideo = false;
        partIndependent = video is null;
    }

    private void CloseSegment(long endDts)
    {
        open = false;
        if (parts.Count == 0) return;
        int size = 0;
        foreach (var p in parts) size += p.Data.Length;
        var data = new byte[size];
        var sliced = new HlsPartFile[parts.Count];
        int offset = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            p.Data.Span.CopyTo(data.AsSpan(offset));
            sliced[i] = p with { Data = data.AsMemory(offset, p.Data.Length) }; // one array per segment: its parts are slices of it
            offset += p.Data.Length;
        }

        var duration = TimeSpan.FromMilliseconds(endDts - segmentStart);
        completed.Enqueue(new HlsSegmentFile($"{streamName}-{sequence}.m4s", sequence, duration, segmentDiscontinuity, SegmentBytes.Unpooled(data), DateTime.UtcNow)
        {
            MapName = Init!.Name,
            Parts = sliced,
        });
        parts.Clear();
    }

    private string PartName(long segment, int index) => $"{streamName}-{segment}.{index}.m4s";
}
