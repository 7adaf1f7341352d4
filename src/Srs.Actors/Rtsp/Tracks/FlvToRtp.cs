using System.Globalization;
using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Rtsp.Sdp;

namespace Srs.Actors.Rtsp.Tracks;

/// <summary>
/// A stream of the node as RTSP tracks, for one RTSP player: the SDP media from the FLV sequence headers (H.264 with
/// <c>sprop-parameter-sets</c>, AAC as mpeg4-generic AAC-hbr with its <c>config</c>), and each FLV frame as RTP
/// packets on its track. RTP timestamps are the frame's presentation time at the track's clock; a keyframe is
/// preceded in-band by SPS and PPS, so a player may join at any keyframe.
/// </summary>
public sealed class FlvToRtp
{
    public const byte VideoPayloadType = 96;
    public const byte AudioPayloadType = 97;

    private readonly AvcDecoderConfig? avc;
    private readonly AudioSpecificConfig? asc;
    private readonly H264Packetizer? video;
    private readonly Mpeg4AudioPacketizer? audio;
    private readonly List<ReadOnlyMemory<byte>> nals = [];

    /// <exception cref="InvalidDataException">A sequence header that cannot be read.</exception>
    public FlvToRtp(byte[]? videoHeader, byte[]? audioHeader)
    {
        var media = new List<SdpMedia>();
        if (videoHeader is { Length: > 5 } && FlvVideo.GetCodec(videoHeader) == VideoCodec.Avc)
        {
            avc = AvcDecoderConfig.Parse(videoHeader.AsSpan(5));
            video = new H264Packetizer(VideoPayloadType, (uint)Random.Shared.Next(), (ushort)Random.Shared.Next());
            VideoTrack = media.Count;
            var sps = avc.Sps[0];
            media.Add(new SdpMedia("video", VideoPayloadType, "H264", 90000, 1, new Dictionary<string, string>
            {
                ["packetization-mode"] = "1",
                ["profile-level-id"] = Convert.ToHexString(sps.AsSpan(1, 3)),
                ["sprop-parameter-sets"] = $"{Convert.ToBase64String(sps)},{Convert.ToBase64String(avc.Pps[0])}",
            }, $"trackID={media.Count}"));
        }
        if (audioHeader is { Length: > 2 } && FlvAudio.GetCodec(audioHeader) == AudioCodec.Aac)
        {
            asc = AudioSpecificConfig.Parse(audioHeader.AsSpan(2));
            audio = new Mpeg4AudioPacketizer(AudioPayloadType, (uint)Random.Shared.Next(), (ushort)Random.Shared.Next());
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
        : (audio!.NextSequence, unchecked((uint)((long)ms * asc!.SampleRate / 1000)));

    /// <summary>One FLV frame body at <paramref name="timestamp"/> (ms) as packets on its track; sequence headers and other codecs give none.</summary>
    /// <exception cref="InvalidDataException">A video body whose NAL lengths do not fit it.</exception>
    public void Packetize(MediaKind kind, uint timestamp, ReadOnlySpan<byte> body, ReadOnlyMemory<byte> bodyMemory, Action<int, RtpPacket> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        if (kind == MediaKind.Video && video is not null && body.Length > 5 && body[1] == 1 && FlvVideo.GetCodec(body) == VideoCodec.Avc)
        {
            nals.Clear();
            if (FlvVideo.IsKeyFrame(body))
            {
                nals.Add(avc!.Sps[0]);
                nals.Add(avc.Pps[0]);
            }
            int size = avc!.NalLengthSize;
            for (int at = 5; at < body.Length;)
            {
                if (at + size > body.Length) throw new InvalidDataException("a NAL length cut short");
                int length = 0;
                for (int i = 0; i < size; i++) length = (length << 8) | body[at + i];
                at += size;
                if (length > body.Length - at) throw new InvalidDataException($"a NAL of {length} bytes in {body.Length - at}");
                if (length > 0) nals.Add(bodyMemory.Slice(at, length));
                at += length;
            }
            uint pts = unchecked((uint)(timestamp + FlvVideo.GetCompositionTime(body)));
            var track = VideoTrack;
            video.Packetize(nals, unchecked(pts * 90u), p => emit(track, p));
        }
        else if (kind == MediaKind.Audio && audio is not null && body.Length > 2 && body[1] == 1 && FlvAudio.GetCodec(body) == AudioCodec.Aac)
        {
            emit(AudioTrack, audio.Packetize(body[2..], unchecked((uint)((long)timestamp * asc!.SampleRate / 1000))));
        }
    }
}
