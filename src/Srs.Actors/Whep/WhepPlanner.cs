using System.Security.Cryptography;
using Srs.Actors.Media;
using Srs.Actors.Stats;
using Srs.Actors.WebRtc.Rtp;
using Srs.Actors.WebRtc.Sdp;

namespace Srs.Actors.Whep;

/// <summary>
/// Decides what a WHEP offer gets from a stream, as its snapshot shows it: H.264 video on a payload type the browser
/// offered with packetization-mode 1, G.711 or Opus audio as they are, and nothing else (no transcoding: AAC audio
/// makes a video-only player, noted once in the log). Pure: the plan is ready before any actor exists.
/// </summary>
public static class WhepPlanner
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The plan, or null with the reason a 400 gives.</summary>
    public static WhepPlan? Plan(WhepOffer offer, VideoInfo? video, AudioInfo? audio, string fingerprint, IReadOnlyList<RtcCandidate> candidates, out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var tracks = new List<RtcSendTrack>();
        (byte, uint)? videoPlan = null;
        (byte, uint, int, AudioCodec)? audioPlan = null;
        string? note = null;
        var audioCodec = AudioCodecOf(audio);
        foreach (var m in offer.Media)
        {
            uint ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
            RtcCodec? codec = null;
            // A stream just published may not have its codecs in the snapshot yet: H.264, what cameras send, is assumed.
            if (m.Kind == "video" && videoPlan is null && m.CanReceive && (video is null || video.Codec is "H264" or "HEVC"))
            {
                codec = video?.Codec == "HEVC" ? RtcCodecChoice.H265(m) : RtcCodecChoice.H264(m, ProfileIdc(video?.Profile ?? ""));
                if (codec is not null) videoPlan = (codec.PayloadType, ssrc);
            }
            else if (m.Kind == "audio" && audioPlan is null && m.CanReceive && audioCodec != AudioCodec.Unknown)
            {
                codec = RtcCodecChoice.Audio(m, audioCodec);
                if (codec is not null) audioPlan = (codec.PayloadType, ssrc, codec.ClockRate, audioCodec);
                else note = audioCodec is AudioCodec.Aac or AudioCodec.Mp3
                    ? $"has {audioCodec.ToString().ToUpperInvariant()} audio, which WebRTC cannot carry: this player gets video only"
                    : $"has {audioCodec} audio, which the browser did not offer: this player gets video only";
            }
            tracks.Add(new RtcSendTrack(m, codec, ssrc));
        }
        if (videoPlan is null && (video is not null || audioPlan is null))
        {
            error = video is null || video.Codec == "H264" ? "the offer has no H.264 with packetization-mode=1 on a receiving video section"
                : video.Codec == "HEVC" ? "the stream's video is H.265 and the offer has no H265 (the browser cannot decode it)"
                : $"the stream's video is {video.Codec}, which this node sends over WebRTC only as H.264 or H.265";
            return null;
        }
        if (videoPlan is null && audioPlan is null)
        {
            error = "nothing of the stream can be sent on the offer's sections";
            return null;
        }
        string ufrag = RandomNumberGenerator.GetString(IceChars, 8), pwd = RandomNumberGenerator.GetString(IceChars, 24);
        var answer = WhepAnswer.Write(offer, tracks, ufrag, pwd, fingerprint, candidates, "srs-" + ufrag);
        error = null;
        return new WhepPlan(offer, ufrag, pwd, answer, new RtcPayloader(videoPlan, audioPlan, video?.Codec == "HEVC" ? VideoCodec.Hevc : VideoCodec.Avc), note);
    }

    private static AudioCodec AudioCodecOf(AudioInfo? audio) =>
        audio is not null && Enum.TryParse<AudioCodec>(audio.Codec, ignoreCase: true, out var codec) ? codec : AudioCodec.Unknown;

    /// <summary>The SPS profile_idc a profile name stands for (H.264 Annex A), for choosing the browser's matching payload type.</summary>
    private static byte ProfileIdc(string profile) =>
        profile.Contains("High", StringComparison.OrdinalIgnoreCase) ? (byte)100
        : profile.Contains("Main", StringComparison.OrdinalIgnoreCase) ? (byte)77
        : (byte)66;
}
