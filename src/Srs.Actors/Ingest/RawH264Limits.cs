namespace Srs.Actors.Ingest;

/// <summary>
/// Bounds on what a raw H.264 byte stream may hold before it is refused, so a sender of garbage costs a bounded
/// amount of memory and time.
/// </summary>
/// <param name="MaxBytesBeforeSps">Input read without finding an SPS: not H.264 (SRS reads no further either).</param>
/// <param name="MaxAccessUnitSize">One NAL unit or access unit larger than this is refused (a 4K IDR is a few MB).</param>
/// <param name="FirstPictureTimeout">A TCP sender that has not sent SPS, PPS and a keyframe by then is closed.</param>
/// <param name="IdleTimeout">A TCP sender that sends nothing for this long is closed, freeing its port.</param>
public sealed record RawH264Limits(long MaxBytesBeforeSps, int MaxAccessUnitSize, TimeSpan FirstPictureTimeout, TimeSpan IdleTimeout)
{
    public static readonly RawH264Limits Default = new(
        MaxBytesBeforeSps: 4 * 1024 * 1024,
        MaxAccessUnitSize: 16 * 1024 * 1024,
        FirstPictureTimeout: TimeSpan.FromSeconds(10),
        IdleTimeout: TimeSpan.FromSeconds(10));
}
