using Srs.Actors.Media;
using Srs.Actors.Rtsp.Headers;
using Srs.Actors.Rtsp.Sdp;
using Srs.Actors.Rtsp.Tracks;
using Srs.Actors.Streams;

namespace Srs.Actors.Pull;

/// <summary>The camera session <paramref name="Attempt"/> is playing these tracks over <paramref name="Protocol"/>; <paramref name="Refused"/> says why other tracks are not.</summary>
public sealed record CameraPlaying(long Attempt, RtpProtocol Protocol, IReadOnlyList<(SdpMedia Media, RtspCodec Codec)> Tracks, IReadOnlyList<string> Refused);

/// <summary>One access unit or audio frame of camera session <paramref name="Attempt"/>, at <paramref name="Milliseconds"/> since it began.</summary>
public sealed record PulledUnit(long Attempt, MediaKind Kind, long Milliseconds, IReadOnlyList<ReadOnlyMemory<byte>> Parts);

/// <summary>A line for the log from camera session <paramref name="Attempt"/> (how its tracks were aligned).</summary>
public sealed record CameraNote(long Attempt, string Line);

/// <summary>Camera session <paramref name="Attempt"/> ended: the camera went away, refused, or sent what cannot be read.</summary>
public sealed record CameraLost(long Attempt, Exception Error, bool Played);

/// <summary>Time to try the camera again.</summary>
public sealed class RetryCamera
{
    public static readonly RetryCamera Instance = new();
}

/// <summary>An on-demand pull has had no player for its close delay: time to let go of the upstream.</summary>
public sealed class CloseOnDemand
{
    public static readonly CloseOnDemand Instance = new();
}

/// <summary>The upstream RTMP session <paramref name="Attempt"/> is playing.</summary>
public sealed record UpstreamPlaying(long Attempt);

/// <summary>One audio or video message of upstream RTMP session <paramref name="Attempt"/>, its timestamp the upstream's.</summary>
public sealed record UpstreamFrame(long Attempt, PublishFrame Frame);
