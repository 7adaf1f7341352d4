using System.Globalization;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Rtsp.Tracks;

/// <summary>
/// A stream of the node as RTSP tracks, for one RTSP player: the SDP media from the FLV sequence headers (H.264 with
/// <c>sprop-parameter-sets</c>; H.265, legacy or enhanced RTMP, as <c>H265/90000</c> with <c>sprop-vps</c>,
/// <c>sprop-sps</c> and <c>sprop-pps</c>; AAC as mpeg4-generic AAC-hbr with its <c>config</c>; G.711, which has no
/// sequence header, as the static payload types 8 and 0), and each FLV frame as RTP packets on its track. RTP
/// timestamps are the frame's presentation time at the track's clock; a keyframe is preceded in-band by its parameter
/// sets, so a player may join at any keyframe.
/// </summary>
public sealed class FlvToRtp
{
    public const byte VideoPayloadType = 96;
    public const byte AudioPayloadType = 97;
    private const byte PcmuPayloadType = 0, PcmaPayloadType = 8;
    private const int G711Clock = 8000;

    private readonly VideoCodec videoCodec;
    private readonly INalPacketizer? video;
    private readonly List<ReadOnlyMemory<byte>> parameterSets = [];
    private readonly byte[] parameterSetPayloads = []; // each player's own packets ahead of a keyframe, never marked
    private readonly int nalLengthSize;
    private readonly AudioCodec audioCodec;
    private readonly int audioClock;
    private readonly Mpeg4AudioPacketizer? aac;
    private readonly AudioSpecificConfig? asc;
    private readonly byte g711PayloadType;
    private readonly uint g711Ssrc = (uint)Random.Shared.Next();
    private ushort g711Sequence = (ushort)Random.Shared.Next();

    /// <param name="headerlessAudio">The stream's audio codec when it has no sequence header (G.711: the stream's snapshot says it).</param>
    /// <exception cref="InvalidDataException">A sequence header that cannot be read.</exception>
    public FlvToRtp(byte[]? videoHeader, byte[]? audioHeader, AudioCodec headerlessAudio = AudioCodec.Unknown)
    {
        var media = new List<SdpMedia>();
        var codec = videoHeader is null ? VideoCodec.Unknown : FlvVideo.GetCodec(videoHeader);
        if (codec is VideoCodec.Avc or VideoCodec.Hevc && FlvVideoPayload.TryGetConfig(videoHeader, out var config))
        {
            videoCodec = codec;
            VideoTrack = media.Count;
            media.Add(codec == VideoCodec.Avc ? DescribeAvc(config, out nalLengthSize) : DescribeHevc(config, out nalLengthSize));
            video = codec == VideoCodec.Avc
                ? new H264Packetizer(VideoPayloadType, (uint)Random.Shared.Next(), (ushort)Random.Shared.Next())
                : new H265Packetizer(VideoPayloadType, (uint)Random.Shared.Next(), (ushort)Random.Shared.Next());
            parameterSetPayloads = codec == VideoCodec.Avc ? H264Packetizer.Payloads(parameterSets, markLast: false) : H265Packetizer.Payloads(parameterSets, markLast: false);
        }
        if (audioHeader is { Length: > 2 } && FlvAudio.GetCodec(audioHeader) == AudioCodec.Aac)
        {
            asc = AudioSpecificConfig.Parse(audioHeader.AsSpan(2));
            aac = new Mpeg4AudioPacketizer(AudioPayloadType, (uint)Random.Shared.Next(), (ushort)Random.Shared.Next());
            audioCodec = AudioCodec.Aac;
            audioClock = asc.SampleRate;
            AudioTrack = media.Count;
            media.Add(new SdpMedia("audio", AudioPayloadType, "MPEG4-GENERIC", asc.SampleRate, Math.Max(1, asc.Channels), new Dictionary<string, string>
            {
                ["streamtype"] = "5",
                ["profile-level-id"] = "1",
                ["mode"] = "AAC-hbr",
                ["sizelength"] = "13",
                ["indexlength"] = "3",
                ["indexdeltalength"] = "3",
                ["config"] = Convert.ToHexString(asc.Encode()),
            }, $"trackID={media.Count}"));
        }
        else if (audioHeader is null && headerlessAudio is AudioCodec.G711A or AudioCodec.G711U)
        {
            audioCodec = headerlessAudio;
            audioClock = G711Clock;
            g711PayloadType = headerlessAudio == AudioCodec.G711A ? PcmaPayloadType : PcmuPayloadType;
            AudioTrack = media.Count;
            media.Add(new SdpMedia("audio", g711PayloadType, headerlessAudio == AudioCodec.G711A ? "PCMA" : "PCMU", G711Clock, 1,
                new Dictionary<string, string>(), $"trackID={media.Count}"));
        }
        Media = media;
    }

    public IReadOnlyList<SdpMedia> Media { get; }

    public int VideoTrack { get; } = -1;

    public int AudioTrack { get; } = -1;

    /// <summary>The track a control URL names (<c>.../trackID=N</c>), or -1.</summary>
    public int TrackOf(string controlUrl)
    {
        int at = controlUrl.LastIndexOf("trackID=", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(controlUrl.AsSpan(at + 8), NumberStyles.None, CultureInfo.InvariantCulture, out int track) && track < Media.Count ? track : -1;
    }

    /// <summary>The next sequence number and the RTP timestamp of <paramref name="ms"/> on a track, for RTP-Info.</summary>
    public (ushort Sequence, uint Timestamp) Position(int track, uint ms) => track == VideoTrack
        ? (video!.NextSequence, unchecked(ms * 90u))
        : (aac?.NextSequence ?? g711Sequence, unchecked((uint)((long)ms * audioClock / 1000)));

    /// <summary>What this player's video payloads depend on: the key of a frame's RTSP payloads shared by every player.</summary>
    public VideoPayloadFormat VideoFormat => new(videoCodec, nalLengthSize);

    /// <summary>One FLV frame body at <paramref name="timestamp"/> (ms) as packets on its track; sequence headers and other codecs give none.</summary>
    /// <exception cref="InvalidDataException">A video body whose NAL lengths do not fit it.</exception>
    public void Packetize(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body, Action<int, RtpPacket> emit) =>
        Packetize(kind, timestamp, body, emit, (kind, body), static (frame, format) => Payloads(frame.kind, format, frame.body));

    /// <summary>
    /// As <see cref="Packetize(MediaKind, uint, ReadOnlyMemory{byte}, Action{int, RtpPacket})"/>, with the frame's
    /// <see cref="Payloads"/> from <paramref name="payloadsOf"/> (the frame's own cache of them), so that the players of
    /// a stream cut each frame once: only the RTP headers and the parameter sets before a keyframe are this player's.
    /// </summary>
    /// <exception cref="InvalidDataException">A video body whose NAL lengths do not fit it.</exception>
    public void Packetize<TState>(MediaKind kind, uint timestamp, ReadOnlyMemory<byte> body, Action<int, RtpPacket> emit, TState state, Func<TState, VideoPayloadFormat, byte[]> payloadsOf)
    {
        ArgumentNullException.ThrowIfNull(emit);
        ArgumentNullException.ThrowIfNull(payloadsOf);
        var span = body.Span;
        if (kind == MediaKind.Video && video is not null && FlvVideo.GetCodec(span) == videoCodec && !FlvVideo.IsSequenceHeader(span)
            && FlvVideoPayload.TryGetFrame(body, out _, out int compositionTime))
        {
            var payloads = payloadsOf(state, VideoFormat);
            if (payloads.Length == 0) return;
            uint rtpTime = unchecked((uint)(timestamp + compositionTime) * 90u);
            var track = VideoTrack;
            void ToTrack(RtpPacket p) => emit(track, p);
            if (FlvVideo.IsKeyFrame(span)) video.Send(parameterSetPayloads, rtpTime, ToTrack);
            video.Send(payloads, rtpTime, ToTrack);
        }
        else if (kind == MediaKind.Audio && audioCodec != AudioCodec.Unknown && span.Length > 1 && FlvAudio.GetCodec(span) == audioCodec)
        {
            uint rtpTime = unchecked((uint)((long)timestamp * audioClock / 1000));
            if (aac is not null)
            {
                if (span[1] == 1) emit(AudioTrack, aac.Send(payloadsOf(state, VideoFormat), rtpTime));
                return;
            }
            // G.711 is one byte a sample, one packet a frame; a frame too long for one packet goes on in the next.
            var samples = body[1..];
            for (int at = 0; at < samples.Length; at += H264Packetizer.MaxPayload)
            {
                var part = samples.Slice(at, Math.Min(H264Packetizer.MaxPayload, samples.Length - at));
                emit(AudioTrack, new RtpPacket(false, g711PayloadType, g711Sequence++, unchecked(rtpTime + (uint)at), g711Ssrc, part));
            }
        }
    }

    /// <summary>
    /// A frame's RTP payloads for RTSP, the same for every player of <paramref name="format"/>: a video frame's NAL
    /// units as they are (an <see cref="RtpPayloadList"/>; the parameter sets ahead of a keyframe are each player's),
    /// an AAC frame behind its AU header. Empty for anything else.
    /// </summary>
    /// <exception cref="InvalidDataException">A video body whose NAL lengths do not fit it.</exception>
    public static byte[] Payloads(MediaKind kind, VideoPayloadFormat format, ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (kind == MediaKind.Audio)
            return span.Length > 1 && FlvAudio.GetCodec(span) == AudioCodec.Aac && span[1] == 1 ? Mpeg4AudioPacketizer.Payload(span[2..]) : [];
        if (kind != MediaKind.Video || FlvVideo.IsSequenceHeader(span) || !FlvVideoPayload.TryGetFrame(body, out var data, out _)) return [];
        var nals = new List<ReadOnlyMemory<byte>>();
        LengthPrefixedNals.Split(data, format.NalLengthSize, nals);
        if (nals.Count == 0) return [];
        return format.Codec == VideoCodec.Hevc ? H265Packetizer.Payloads(nals) : H264Packetizer.Payloads(nals);
    }

    private SdpMedia DescribeAvc(ReadOnlyMemory<byte> config, out int lengthSize)
    {
        var avc = AvcDecoderConfig.Parse(config.Span);
        if (avc.Sps.Count == 0 || avc.Pps.Count == 0) throw new InvalidDataException("an AVC sequence header without SPS or PPS");
        lengthSize = avc.NalLengthSize;
        var sps = avc.Sps[0];
        parameterSets.Add(sps);
        parameterSets.Add(avc.Pps[0]);
        return new SdpMedia("video", VideoPayloadType, "H264", 90000, 1, new Dictionary<string, string>
        {
            ["packetization-mode"] = "1",
            ["profile-level-id"] = Convert.ToHexString(sps.AsSpan(1, 3)),
            ["sprop-parameter-sets"] = $"{Convert.ToBase64String(sps)},{Convert.ToBase64String(avc.Pps[0])}",
        }, "trackID=0");
    }

    private SdpMedia DescribeHevc(ReadOnlyMemory<byte> config, out int lengthSize)
    {
        parameterSets.AddRange(HevcParameterSets.Read(config, out lengthSize));
        string Sets(int type) => string.Join(',', parameterSets.Where(s => HevcNal.TypeOf(s.Span) == type).Select(s => Convert.ToBase64String(s.Span)));
        string vps = Sets(HevcNal.Vps), sps = Sets(HevcNal.Sps), pps = Sets(HevcNal.Pps);
        if (vps.Length == 0 || sps.Length == 0 || pps.Length == 0) throw new InvalidDataException("an HEVC sequence header without VPS, SPS or PPS");
        return new SdpMedia("video", VideoPayloadType, "H265", 90000, 1, new Dictionary<string, string>
        {
            ["sprop-vps"] = vps,
            ["sprop-sps"] = sps,
            ["sprop-pps"] = pps,
        }, "trackID=0");
    }
}
