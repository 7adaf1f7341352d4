namespace Srs.Actors.Tests.Media;

/// <summary>A fact that is skipped, with the reason shown, when ffmpeg is not on PATH.</summary>
internal sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (Ffmpeg.Path is null)
        {
            Skip = "ffmpeg is not on PATH";
        }
    }
}
