namespace Srs.Actors.Rtmp.Messages;

/// <summary>The <c>level</c> values of a status info object.</summary>
public static class StatusLevels
{
    public const string Status = "status";
    public const string Warning = "warning";
    public const string Error = "error";
}
