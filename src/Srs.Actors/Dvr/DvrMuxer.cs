using Srs.Actors.Media;
using Srs.Actors.Media.Mp4;
using Srs.Actors.Streams;

namespace Srs.Actors.Dvr;

/// <summary>
/// Turns one stream's frames into recordings: a file opens on a keyframe with its init segment (moov, no samples),
/// gains one self-contained fragment about every second, and closes on the first keyframe past the segment length,
/// so a file cut at any byte still plays up to its last complete fragment. Times in a file count from its start.
/// Timestamps going back, a codec change and an oversized frame close the file (the next opens on a keyframe);
/// never an exception for what a publisher sends. Actor-free: the recorder feeds it and drains <see cref="Take"/>.
/// </summary>
public sealed class DvrMuxer(TimeSpan segment, TimeSpan fragmentTarget)
{
    /// <summary>A frame larger than this is dropped (a camera's 4K keyframe is well under it).</summary>
    public const int MaxFrameBytes = 4 * 1024 * 1024;

    private const uint VideoTrack = 1, AudioTrack = 2, VideoTimescale = 90000;
    private const int MaxFragmentBytes = 8 * 1024 * 1024;

    private readonly long segmentMs = (long)segment.TotalMilliseconds;
    private readonly long fragmentMs = (long)fragmentTarget.TotalMilliseconds;
    private readonly BoxWriter box = new(256 * 1024);
    private readonly Mp4Fragment fragment = new();
    private List<DvrOutput> output = new();
    private readonly List<string> notices = new();
    private Mp4SampleEntry? video, audio;
    private byte[]? videoConfig, audioConfig;
    private int audioRate, audioFrameSamples, fragmentBytes;
    private bool open, paused, hasPending, pendingKey, audioTimeSet, initPending;
    private long fileStart, fragmentStart, lastVideoDts, lastAudioDts, videoDelta = 40, pendingDts, audioTime;
    private int pendingCts;
    private ReadOnlyMemory<byte> pendingData;
    private uint sequence = 1;
    private string nextReason = "start", openReason = "start";

    public bool IsOpen => open;

    /// <summary>While paused (no space, a slow disk) frames are ignored; the next file opens on a keyframe after.</summary>
    public bool Paused
    {
        get => paused;
        set
        {
            if (value && open) Close("paused");
            paused = value;
        }
    }

    /// <summary>The writer's work since the last call, in order.</summary>
    public List<DvrOutput> Take()
    {
        var taken = output;
        output = new List<DvrOutput>();
        return taken;
    }

    /// <summary>What went wrong with the input since the last call, one line each (the recorder logs them).</summary>
    public List<string> TakeNotices()
    {
        var taken = notices.ToList();
        notices.Clear();
        return taken;
    }

    public void Write(MediaFrame frame)
    {
        if (frame.Kind == MediaKind.Video)
        {
            if (frame.IsSequenceHeader) OnVideoHeader(frame);
            else OnVideo(frame);
        }
        else if (frame.Kind == MediaKind.Audio)
        {
            if (frame.IsSequenceHeader) OnAudioHeader(frame);
            else OnAudio(frame);
        }
    }

    /// <summary>Ends the open file (unpublish, pause, a problem); the next one opens on a keyframe, for <paramref name="reason"/>.</summary>
    public void Close(string reason)
    {
        nextReason = reason;
        if (!open) return;
        CloseFile(video is not null ? lastVideoDts + videoDelta : lastAudioDts + AudioFrameMs);
    }

    private long AudioFrameMs => audioRate > 0 ? Math.Max(1, audioFrameSamples * 1000L / audioRate) : 23;

    private void OnVideoHeader(MediaFrame frame)
    {
        var codec = FlvVideo.GetCodec(frame.Body.Span);
        if (codec is not (VideoCodec.Avc or VideoCodec.Hevc) || !FlvVideoPayload.TryGetConfig(frame.Body, out var config)) return;
        if (videoConfig is not null && config.Span.SequenceEqual(videoConfig)) return;
        Mp4SampleEntry entry;
        try
        {
            if (codec == VideoCodec.Avc)
            {
                var record = AvcDecoderConfig.Parse(config.Span);
                var sps = record.Sps.Count > 0 ? SpsParser.Parse(record.Sps[0]) : null;
                entry = new AvcSampleEntry(config.ToArray(), sps?.Width ?? 0, sps?.Height ?? 0);
            }
            else
            {
                var (width, height) = HevcPictureSize.Read(config.Span);
                entry = new HevcSampleEntry(config.ToArray(), width, height);
            }
        }
        catch (InvalidDataException e)
        {
            notices.Add($"video sequence header refused: {e.Message}");
            return;
        }

        ChangeTrack(video is null ? "video track added" : "video codec changed");
        video = entry;
        videoConfig = config.ToArray();
    }

    private void OnAudioHeader(MediaFrame frame)
    {
        if (Mp4AudioReader.TryReadConfig(frame.Body.Span, out var config)) SetAudio(config);
        else if (FlvAudio.GetCodec(frame.Body.Span) is AudioCodec.Aac or AudioCodec.Opus) notices.Add("audio sequence header refused");
    }

    /// <summary>AAC's and Opus's sequence header, or an MP3 frame's header, names the audio track; the same one again changes nothing.</summary>
    private void SetAudio(Mp4AudioConfig config)
    {
        if (audioConfig is not null && config.Key.AsSpan().SequenceEqual(audioConfig)) return;
        // A track joining before the open file's first fragment (MP3 has no header: its first frame names it) joins its moov.
        if (audio is not null || !initPending) ChangeTrack(audio is null ? "audio track added" : "audio codec changed");
        audio = config.Entry;
        audioConfig = config.Key;
        (audioRate, audioFrameSamples) = (config.Timescale, config.FrameSamples);
    }

    /// <summary>The open file's fragments decode with its moov only: a new or changed track needs a new file.</summary>
    private void ChangeTrack(string reason)
    {
        if (open) notices.Add(reason + ": new file");
        Close(reason);
    }

    private void OnVideo(MediaFrame frame)
    {
        if (paused || video is null || !FlvVideoPayload.TryGetFrame(frame.Body, out var data, out int cts)) return;
        long dts = frame.Timestamp;
        if (data.Length > MaxFrameBytes)
        {
            notices.Add($"dropped a {data.Length}-byte video frame at {dts}ms" + (open ? ": new file on the next keyframe" : ""));
            Close("oversized frame");
            return;
        }

        if (open && dts < lastVideoDts)
        {
            notices.Add($"video time went back from {lastVideoDts}ms to {dts}ms: new file");
            Close("time went back");
        }

        bool key = FlvVideo.IsKeyFrame(frame.Body.Span);
        if (!open)
        {
            if (!key) return; // a file must decode from its first picture
            Open(dts);
        }
        else
        {
            if (hasPending && dts > pendingDts) videoDelta = dts - pendingDts;
            bool fileCut = key && dts - fileStart >= segmentMs;
            bool fragmentCut = fileCut || dts - fragmentStart >= fragmentMs || fragmentBytes + data.Length > MaxFragmentBytes;
            FlushPending(dts);
            if (fragmentCut) CloseFragment(dts);
            if (fileCut)
            {
                CloseFile(dts);
                nextReason = "segment";
                Open(dts);
            }
        }

        (pendingData, pendingDts, pendingCts, pendingKey, hasPending) = (data, dts, cts, key, true);
        fragmentBytes += data.Length;
        lastVideoDts = dts;
    }

    private void OnAudio(MediaFrame frame)
    {
        var body = frame.Body.Span;
        if (paused || !Mp4AudioReader.TryReadFrame(body, out int offset, out int samples, out var mp3)) return;
        if (mp3 is { } h && !Mp4AudioReader.IsTrackOf(audioConfig, h)) SetAudio(Mp4AudioReader.Mp3Config(h));
        if (audio is null) return;
        long dts = frame.Timestamp;
        if (body.Length > MaxFrameBytes)
        {
            notices.Add($"dropped a {body.Length}-byte audio frame at {dts}ms");
            return;
        }

        if (open && dts + 100 < lastAudioDts)
        {
            notices.Add($"audio time went back from {lastAudioDts}ms to {dts}ms: new file");
            Close("time went back");
        }

        if (!open)
        {
            if (video is not null) return; // audio waits for the first video keyframe
            Open(dts);
        }
        else if (video is null)
        {
            bool fileCut = dts - fileStart >= segmentMs;
            if (fileCut || dts - fragmentStart >= fragmentMs) CloseFragment(dts);
            if (fileCut)
            {
                CloseFile(dts);
                nextReason = "segment";
                Open(dts);
            }
        }

        if (dts < fileStart) return; // sent just before the keyframe that opened the file
        // Audio time counts samples, so frames line up exactly; it follows the timestamps again after a gap.
        long time = (dts - fileStart) * audioRate / 1000;
        if (!audioTimeSet || Math.Abs(time - audioTime) > 2 * Math.Max(samples, audioFrameSamples)) audioTime = time;
        audioTimeSet = true;
        fragment.Add(AudioTrack, (ulong)audioTime, new Mp4Sample((uint)samples, body.Length - offset, true, 0), body[offset..]);
        fragmentBytes += body.Length - offset;
        audioTime += samples;
        lastAudioDts = dts;
    }

    /// <summary>The file's moov goes out with its first fragment, so a track that joins before then is in it.</summary>
    private void Open(long dts)
    {
        initPending = true;
        openReason = nextReason;
        open = true;
        fileStart = fragmentStart = lastVideoDts = lastAudioDts = dts;
        audioTimeSet = false;
    }

    private void FlushPending(long endDts)
    {
        if (!hasPending) return;
        long duration = Math.Max(1, endDts - pendingDts);
        fragment.Add(VideoTrack, (ulong)(pendingDts - fileStart) * 90, new Mp4Sample((uint)(duration * 90), pendingData.Length, pendingKey, pendingCts * 90), pendingData.Span);
        hasPending = false;
        pendingData = default;
    }

    private void CloseFragment(long endDts)
    {
        if (!fragment.IsEmpty)
        {
            if (initPending) WriteInit();
            box.Reset();
            fragment.Write(box, sequence++);
            fragment.Clear();
            output.Add(new DvrAppend(box.ToArray(), endDts - fragmentStart));
        }

        fragmentStart = endDts;
        fragmentBytes = 0;
    }

    private void CloseFile(long endDts)
    {
        FlushPending(endDts);
        CloseFragment(endDts);
        if (!initPending) output.Add(new DvrClose(endDts - fileStart)); // a file with no fragment is never written
        open = initPending = false;
    }

    private void WriteInit()
    {
        var tracks = new List<Mp4Track>(2);
        if (video is not null) tracks.Add(new Mp4Track(VideoTrack, VideoTimescale, video));
        if (audio is not null) tracks.Add(new Mp4Track(AudioTrack, (uint)audioRate, audio));
        box.Reset();
        Mp4InitSegment.Write(box, tracks);
        output.Add(new DvrOpen(box.ToArray(), openReason));
        initPending = false;
    }
}
