using System.Buffers;
using Srs.Actors.Media;
using Srs.Actors.Media.MpegTs;
using Srs.Actors.Streams;

namespace Srs.Actors.Hls;

/// <summary>
/// Cuts one stream's frames into MPEG-TS segments, SRS's way: a segment starts on a keyframe once the current
/// one reached <c>fragment</c> (any frame when <c>wait-keyframe</c> is off; pure audio is cut at
/// <c>fragment × aof-ratio</c>). Stateful but actor-free, so it is tested without actors.
/// </summary>
public sealed class HlsMuxer
{
    private const long Ms = 90; // 90 kHz MPEG clock ticks per millisecond

    private readonly HlsSettings settings;
    private readonly string streamName;
    private readonly SegmentBytesWriter segment;
    private readonly ArrayBufferWriter<byte> es = new(64 * 1024);
    private readonly AvcToAnnexB avc = new();
    private readonly AacToAdts aac = new();
    private TsMuxer? ts;
    private bool hasVideo, hasAac, hasMp3;
    private byte[]? videoHeader, audioHeader;
    private bool open;
    private long segmentStartDts, lastDts, lastDelta;
    private long nextSequence;
    private bool discontinuity;

    public HlsMuxer(HlsSettings settings, string streamName, long firstSequence = 0, SegmentChunkPool? pool = null)
    {
        this.settings = settings;
        segment = new SegmentBytesWriter(pool ?? SegmentChunkPool.Shared);
        this.streamName = streamName;
        nextSequence = firstSequence;
    }

    public bool HasOpenSegment => open;

    /// <summary>The next segment starts after a break (a republish, a codec change): players must reset their decoders.</summary>
    public void MarkDiscontinuity() => discontinuity = true;

    /// <summary>
    /// Writes one frame; returns the segment this frame closed, if it closed one. Never throws for what a publisher
    /// sends: this runs in the segmenter actor, where an exception would restart it and end HLS for the rest of the
    /// publish. A frame the converters refuse is dropped; a refused sequence header leaves the previous one in force.
    /// A segment returned holds pooled bytes with one lease, which the caller owns (see <see cref="SegmentBytes"/>).
    /// </summary>
    public HlsSegmentFile? Write(MediaFrame frame)
    {
        switch (frame.Kind)
        {
            case MediaKind.Video:
                return frame.IsSequenceHeader ? OnVideoHeader(frame) : OnVideo(frame);
            case MediaKind.Audio:
                return frame.IsSequenceHeader ? OnAudioHeader(frame) : OnAudio(frame);
            default:
                return null;
        }
    }

    /// <summary>Closes the open segment, e.g. when the publisher stops, so the tail of the stream is served too.</summary>
    public HlsSegmentFile? Flush() => open ? Close(lastDts + Math.Max(lastDelta, 1)) : null;

    private HlsSegmentFile? OnVideoHeader(MediaFrame frame)
    {
        // HLS here is legacy-FLV H.264 only (AvcToAnnexB's input); other codecs and E-RTMP bodies stay RTMP/FLV.
        if (FlvVideo.GetCodec(frame.Body.Span) != VideoCodec.Avc || FlvVideo.IsEnhanced(frame.Body.Span)) return null;
        var changed = videoHeader is not null && !frame.Body.Span.SequenceEqual(videoHeader);
        try { avc.SetSequenceHeader(frame.Body.Span); }
        catch (InvalidDataException) { return null; } // see Write: a refused header is as if never sent
        videoHeader = frame.Body.ToArray();
        var closed = changed ? Flush() : null;
        if (changed || !hasVideo) ts = null; // the PMT changes
        if (changed) discontinuity = true;
        hasVideo = true;
        return closed;
    }

    private HlsSegmentFile? OnAudioHeader(MediaFrame frame)
    {
        if (FlvAudio.GetCodec(frame.Body.Span) != AudioCodec.Aac) return null;
        var changed = audioHeader is not null && !frame.Body.Span.SequenceEqual(audioHeader);
        try { aac.SetSequenceHeader(frame.Body.Span); }
        catch (InvalidDataException) { return null; } // malformed, or a config ADTS cannot carry (AAC-LD, ...)
        audioHeader = frame.Body.ToArray();
        var closed = changed ? Flush() : null;
        if (changed || !hasAac) ts = null;
        if (changed) discontinuity = true;
        hasAac = true;
        return closed;
    }

    private HlsSegmentFile? OnVideo(MediaFrame frame)
    {
        if (!hasVideo) return null;
        es.ResetWrittenCount();
        bool keyFrame;
        int cts;
        try
        {
            if (!avc.TryConvert(frame.Body.Span, es, out keyFrame, out cts)) return null;
        }
        catch (InvalidDataException)
        {
            return null; // a NAL length past the end: dropped, see Write
        }
        long dts = frame.Timestamp * Ms;
        long pts = dts + cts * Ms;
        HlsSegmentFile? closed = null;
        if (!open)
        {
            if (settings.WaitKeyframe && !keyFrame) return null; // a segment must be decodable on its own
            Open(dts);
        }
        else if (((keyFrame || !settings.WaitKeyframe) && dts - segmentStartDts >= settings.Fragment.TotalMilliseconds * Ms) || Overflowing(dts))
        {
            closed = Close(dts);
            Open(dts);
        }
        Track(dts);
        Tables().WriteVideo(segment, dts, pts, keyFrame, es.WrittenSpan);
        return closed;
    }

    /// <summary>
    /// A segment that reached fragment × aof-ratio is cut at any frame, keyframe or not (SRS's "absolute overflow"):
    /// pure audio has no keyframes, and a camera with a GOP much longer than the fragment, or with intra refresh and no
    /// IDR after the first, would otherwise grow one segment without end, in memory and in the playlist's
    /// TARGETDURATION. A segment cut so starts without a keyframe; players decoding on from the one before do not mind.
    /// </summary>
    private bool Overflowing(long dts) => dts - segmentStartDts >= settings.Fragment.TotalMilliseconds * settings.AofRatio * Ms;

    private HlsSegmentFile? OnAudio(MediaFrame frame)
    {
        var codec = FlvAudio.GetCodec(frame.Body.Span);
        es.ResetWrittenCount();
        if (codec == AudioCodec.Aac)
        {
            try
            {
                if (!hasAac || !aac.TryConvert(frame.Body.Span, es)) return null;
            }
            catch (InvalidDataException)
            {
                return null; // longer than an ADTS frame can be: dropped, see Write
            }
        }
        else if (codec == AudioCodec.Mp3 && frame.Body.Length > 1)
        {
            if (!hasMp3) { hasMp3 = true; ts = null; }
            es.Write(frame.Body.Span[1..]); // an MP3 FLV body is one header byte, then the MP3 frame as is
        }
        else
        {
            return null; // G.711, Speex, Opus: not carried in our TS; the video still gets HLS
        }
        long dts = frame.Timestamp * Ms;
        HlsSegmentFile? closed = null;
        if (!open)
        {
            if (hasVideo) return null; // audio waits for the first video keyframe
            Open(dts);
        }
        else if (Overflowing(dts))
        {
            closed = Close(dts);
            Open(dts);
        }
        Track(dts);
        Tables().WriteAudio(segment, dts, es.WrittenSpan);
        return closed;
    }

    private void Track(long dts)
    {
        if (dts > lastDts) lastDelta = dts - lastDts;
        lastDts = Math.Max(lastDts, dts);
    }

    /// <summary>The muxer for the current codecs; a new one (after a codec change) first writes its PAT/PMT.</summary>
    private TsMuxer Tables()
    {
        if (ts is not null) return ts;
        ts = new TsMuxer(hasVideo, hasAac ? TsAudioCodec.Aac : hasMp3 ? TsAudioCodec.Mp3 : TsAudioCodec.None);
        ts.WriteTables(segment);
        return ts;
    }

    private void Open(long dts)
    {
        segment.Reset();
        if (ts is null) Tables();
        else ts.WriteTables(segment); // every segment starts with PAT/PMT, so it plays on its own
        segmentStartDts = dts;
        lastDts = dts;
        open = true;
    }

    private HlsSegmentFile Close(long endDts)
    {
        open = false;
        var seq = nextSequence++;
        var duration = TimeSpan.FromMilliseconds(Math.Max(0, endDts - segmentStartDts) / (double)Ms);
        var file = new HlsSegmentFile($"{streamName}-{seq}.ts", seq, duration, discontinuity, segment.Detach(), DateTime.UtcNow);
        discontinuity = false;
        return file;
    }
}
