using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;

namespace Srs.Actors.WebRtc.Rtp;

/// <summary>
/// A stream's FLV frames as the RTP packets of one WebRTC player, on the payload types and SSRCs its answer chose:
/// H.264 as RFC 6184 packetization-mode 1 with SPS and PPS in a STAP-A before every keyframe, so that the browser can
/// start on any keyframe; H.265 (legacy or enhanced RTMP) as RFC 7798 with VPS, SPS and PPS in an aggregation packet
/// before every keyframe; G.711 and Opus audio as they are. RTP timestamps are presentation times on each clock.
/// Frames of other codecs give nothing.
/// </summary>
public sealed class RtcPayloader
{
    private const int MaxAudioPayload = 1200;

    private readonly INalPacketizer? video;
    private readonly VideoCodec videoCodec;
    private readonly byte audioPayloadType;
    private readonly uint audioSsrc;
    private readonly int audioClock;
    private readonly AudioCodec audioCodec;
    private readonly List<ReadOnlyMemory<byte>> parameterSets = [];
    private ushort audioSequence = (ushort)Random.Shared.Next();
    private int nalLengthSize = 4;

    /// <param name="video">The video payload type and SSRC, or null when the player gets no video.</param>
    /// <param name="audio">The audio payload type, SSRC, clock rate and the stream's audio codec, or null.</param>
    /// <param name="videoCodec">H.264 (<see cref="VideoCodec.Avc"/>) or H.265 (<see cref="VideoCodec.Hevc"/>).</param>
    public RtcPayloader((byte PayloadType, uint Ssrc)? video, (byte PayloadType, uint Ssrc, int Clock, AudioCodec Codec)? audio, VideoCodec videoCodec = VideoCodec.Avc)
    {
        this.videoCodec = videoCodec;
        if (video is { } v && videoCodec == VideoCodec.Hevc) this.video = new H265Packetizer(v.PayloadType, v.Ssrc, (ushort)Random.Shared.Next());
        else if (video is { } avc) this.video = new H264Packetizer(avc.PayloadType, avc.Ssrc, (ushort)Random.Shared.Next());
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

    /// <summary>What this player's video payloads depend on: the cache key of a frame's payloads shared by every player.</summary>
    public VideoPayloadFormat VideoFormat => new(videoCodec, nalLengthSize);

    /// <summary>One FLV frame at <paramref name="timestamp"/> (ms) as packets, each passed to <paramref name="emit"/>.</summary>
    /// <exception cref="InvalidDataException">A sequence header or a NAL length that does not fit its frame.</exception>
    public void Packetize(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body, Action<RtpPacket> emit) =>
        Packetize(kind, timestamp, body, emit, body, static (frame, format) => VideoPayloads(format, frame));

    /// <summary>
    /// As <see cref="Packetize(MediaKind, uint, ReadOnlyMemory{byte}, Action{RtpPacket})"/>, with a video frame's payloads
    /// from <paramref name="payloadsOf"/> (the frame's own cache of <see cref="VideoPayloads"/> for a format), so that
    /// the players of a stream cut each frame once; only the headers, the parameter sets before a keyframe and audio are
    /// this player's.
    /// </summary>
    public void Packetize<TState>(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body, Action<RtpPacket> emit, TState state, Func<TState, VideoPayloadFormat, byte[]> payloadsOf)
    {
        ArgumentNullException.ThrowIfNull(emit);
        ArgumentNullException.ThrowIfNull(payloadsOf);
        var span = body.Span;
        if (kind == MediaKind.Video && video is not null && FlvVideo.GetCodec(span) == videoCodec)
        {
            if (FlvVideoPayload.TryGetConfig(body, out var config))
            {
                ReadParameterSets(config);
                return;
            }
            if (!FlvVideoPayload.TryGetFrame(body, out _, out int compositionTime)) return;
            uint rtpTime = unchecked((uint)(timestamp + compositionTime) * 90u);
            var payloads = payloadsOf(state, VideoFormat);
            if (payloads.Length == 0) return;
            bool key = FlvVideo.IsKeyFrame(span) && parameterSets.Count > 0;
            if (key) video.Aggregate(parameterSets, rtpTime, emit);
            video.Send(payloads, rtpTime, emit);
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

    private void ReadParameterSets(ReadOnlyMemory<byte> config)
    {
        parameterSets.Clear();
        if (videoCodec == VideoCodec.Hevc)
        {
            parameterSets.AddRange(HevcParameterSets.Read(config, out nalLengthSize));
            return;
        }
        var avc = AvcDecoderConfig.Parse(config.Span);
        nalLengthSize = avc.NalLengthSize;
        foreach (var sps in avc.Sps) parameterSets.Add(sps);
        foreach (var pps in avc.Pps) parameterSets.Add(pps);
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

    /// <summary>
    /// A video frame's payloads (an <see cref="RtpPayloadList"/>, empty when there is nothing to send): the same for
    /// every player of <paramref name="format"/>, as payload types and SSRCs are in the headers only.
    /// </summary>
    /// <exception cref="InvalidDataException">A NAL length that does not fit the frame.</exception>
    public static byte[] VideoPayloads(VideoPayloadFormat format, ReadOnlyMemory<byte> body)
    {
        if (!FlvVideoPayload.TryGetFrame(body, out var data, out _)) return [];
        var nals = new List<ReadOnlyMemory<byte>>();
        LengthPrefixedNals.Split(data, format.NalLengthSize, nals);
        // Access unit delimiters and SEI mean nothing to a WebRTC decoder: only what it decodes is sent.
        if (format.Codec == VideoCodec.Hevc)
        {
            nals.RemoveAll(static n => HevcNal.TypeOf(n.Span) is HevcNal.Aud or HevcNal.PrefixSei or HevcNal.SuffixSei);
            return nals.Count == 0 ? [] : H265Packetizer.Payloads(nals);
        }
        nals.RemoveAll(static n => (n.Span[0] & 0x1F) is 9 or 6);
        return nals.Count == 0 ? [] : H264Packetizer.Payloads(nals);
    }
}
