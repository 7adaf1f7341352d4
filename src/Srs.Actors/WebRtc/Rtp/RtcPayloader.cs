using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;

namespace Srs.Actors.WebRtc.Rtp;

/// <summary>
/// A stream's FLV frames as the RTP packets of one WebRTC player, on the payload types and SSRCs its answer chose:
/// H.264 as RFC 6184 packetization-mode 1 with SPS and PPS in a STAP-A before every keyframe, so that the browser can
/// start on any keyframe; G.711 and Opus audio as they are. RTP timestamps are presentation times on each clock.
/// Frames of other codecs give nothing.
/// </summary>
public sealed class RtcPayloader
{
    private const int MaxAudioPayload = 1200;

    private readonly H264Packetizer? video;
    private readonly byte audioPayloadType;
    private readonly uint audioSsrc;
    private readonly int audioClock;
    private readonly AudioCodec audioCodec;
    private readonly List<ReadOnlyMemory<byte>> nals = [];
    private readonly List<ReadOnlyMemory<byte>> parameterSets = [];
    private ushort audioSequence = (ushort)Random.Shared.Next();
    private int nalLengthSize = 4;

    /// <param name="video">The video payload type and SSRC, or null when the player gets no video.</param>
    /// <param name="audio">The audio payload type, SSRC, clock rate and the stream's audio codec, or null.</param>
    public RtcPayloader((byte PayloadType, uint Ssrc)? video, (byte PayloadType, uint Ssrc, int Clock, AudioCodec Codec)? audio)
    {
        if (video is { } v) this.video = new H264Packetizer(v.PayloadType, v.Ssrc, (ushort)Random.Shared.Next());
        if (audio is { } a)
        {
            audioPayloadType = a.PayloadType;
            audioSsrc = a.Ssrc;
            audioClock = a.Clock;
            audioCodec = a.Codec;
        }
    }

    /// <summary>True once an AVC sequence header gave the SPS and PPS that go before each keyframe.</summary>
    public bool HasParameterSets => parameterSets.Count > 0;

    /// <summary>One FLV frame at <paramref name="timestamp"/> (ms) as packets, each passed to <paramref name="emit"/>.</summary>
    /// <exception cref="InvalidDataException">A sequence header or a NAL length that does not fit its frame.</exception>
    public void Packetize(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body, Action<RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        var span = body.Span;
        if (kind == MediaKind.Video && video is not null && span.Length > 5 && FlvVideo.GetCodec(span) == VideoCodec.Avc)
        {
            if (span[1] == 0)
            {
                var avc = AvcDecoderConfig.Parse(span[5..]);
                nalLengthSize = avc.NalLengthSize;
                parameterSets.Clear();
                foreach (var sps in avc.Sps) parameterSets.Add(sps);
                foreach (var pps in avc.Pps) parameterSets.Add(pps);
                return;
            }
            if (span[1] != 1) return;
            uint rtpTime = unchecked((uint)(timestamp + FlvVideo.GetCompositionTime(span)) * 90u);
            SplitNals(body[5..]);
            if (nals.Count == 0) return;
            if (FlvVideo.IsKeyFrame(span) && parameterSets.Count > 0) video.Aggregate(parameterSets, rtpTime, emit);
            video.Packetize(nals, rtpTime, emit);
        }
        else if (kind == MediaKind.Audio && audioClock > 0 && span.Length > 1 && FlvAudio.GetCodec(span) == audioCodec)
        {
            var samples = AudioPayload(body);
            if (samples.IsEmpty) return;
            uint rtpTime = unchecked((uint)((long)timestamp * audioClock / 1000));
            // G.711 is one byte a sample: a long tag is cut into packets whose timestamps follow the samples.
            for (int at = 0; at < samples.Length; at += MaxAudioPayload)
            {
                var part = samples.Slice(at, Math.Min(MaxAudioPayload, samples.Length - at));
                uint offset = audioCodec == AudioCodec.Opus ? 0u : (uint)at;
                emit(new RtpPacket(true, audioPayloadType, audioSequence++, unchecked(rtpTime + offset), audioSsrc, part));
                if (audioCodec == AudioCodec.Opus) break; // an Opus packet is never split
            }
        }
    }

    private ReadOnlyMemory<byte> AudioPayload(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span[0] >> 4 == 9)
        {
            // enhanced RTMP: only coded frames (packet type 1) carry audio; the Opus header (type 0) is not sent.
            if (!ExHeader.TryParse(span, 5, out var ex) || ex.PacketType != 1) return ReadOnlyMemory<byte>.Empty;
            return body[ex.PayloadOffset..];
        }
        return body[1..];
    }

    private void SplitNals(ReadOnlyMemory<byte> data)
    {
        nals.Clear();
        var span = data.Span;
        for (int at = 0; at < span.Length;)
        {
            if (at + nalLengthSize > span.Length) throw new InvalidDataException("a NAL length cut short");
            int length = 0;
            for (int i = 0; i < nalLengthSize; i++) length = (length << 8) | span[at + i];
            at += nalLengthSize;
            if (length > span.Length - at) throw new InvalidDataException($"a NAL of {length} bytes in {span.Length - at}");
            // Access unit delimiters and SEI mean nothing to a WebRTC decoder: only what it decodes is sent.
            if (length > 0 && (span[at] & 0x1F) is not (9 or 6)) nals.Add(data.Slice(at, length));
            at += length;
        }
    }
}
