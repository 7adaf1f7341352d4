namespace Srs.Actors.Streams;

/// <summary>How much media a consumer may have queued before it drops whole GOPs (SRS's queue_length, plus bytes).</summary>
public sealed record QueueLimits(TimeSpan MaxDuration, long MaxBytes)
{
    public static readonly QueueLimits Default = new(TimeSpan.FromSeconds(10), 8 * 1024 * 1024);
}
