namespace Srs.Actors.Rtmp.Messages;

/// <summary>
/// The <c>code</c> strings of NetConnection/NetStream status events. Clients (Flash, OBS,
/// ffmpeg) match these literally, so they must be spelled exactly as FMS does.
/// </summary>
public static class StatusCodes
{
    public const string ConnectSuccess = "NetConnection.Connect.Success";
    public const string ConnectRejected = "NetConnection.Connect.Rejected";
    public const string CallFailed = "NetConnection.Call.Failed";
    public const string PublishStart = "NetStream.Publish.Start";
    public const string PublishBadName = "NetStream.Publish.BadName";
    public const string UnpublishSuccess = "NetStream.Unpublish.Success";
    public const string PlayReset = "NetStream.Play.Reset";
    public const string PlayStart = "NetStream.Play.Start";
    public const string PlayStop = "NetStream.Play.Stop";
    public const string PlayStreamNotFound = "NetStream.Play.StreamNotFound";
    public const string PlayUnpublishNotify = "NetStream.Play.UnpublishNotify";
    public const string PlayPublishNotify = "NetStream.Play.PublishNotify";
    public const string PauseNotify = "NetStream.Pause.Notify";
    public const string UnpauseNotify = "NetStream.Unpause.Notify";
    public const string DataStart = "NetStream.Data.Start";
}
