using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>The commands a client sends, with the fields and values FMS-era clients (Flash, FMLE, ffmpeg) use.</summary>
internal static class ClientCommands
{
    public const string CallResult = "_result";
    public const string Error = "_error";
    public const string OnStatus = "onStatus";

    // Bit masks from the spec's connect command table, with the values Flash players (and ffmpeg) send: every audio
    // codec but the unused bits, every video codec, and "can seek frames" as the video function.
    private const double AudioCodecs = 4071;
    private const double VideoCodecs = 252;
    private const double VideoFunction = 1;

    // Flash sends 15 (or 239); servers only log it.
    private const double Capabilities = 15;

    /// <summary>
    /// <c>connect</c>: the app and tcUrl are what servers route on; the rest is what a Flash player would send, because
    /// some servers (FMS, Wowza) refuse a connect without it.
    /// </summary>
    public static CommandMessage Connect(double transactionId, RtmpUrl url, RtmpClientOptions options)
    {
        var properties = new AmfObject(10)
        {
            { "app", url.App },
            { "type", "nonprivate" },
            { "flashVer", options.FlashVersion },
            { "tcUrl", url.TcUrl },
            { "fpad", false },
            { "capabilities", Capabilities },
            { "audioCodecs", AudioCodecs },
            { "videoCodecs", VideoCodecs },
            { "videoFunction", VideoFunction },
            { "objectEncoding", options.ObjectEncoding },
        };
        return new CommandMessage("connect", transactionId, properties, []);
    }

    /// <summary>FMLE's "free this name if a stale publisher holds it"; servers that do not know it ignore it.</summary>
    public static CommandMessage ReleaseStream(double transactionId, string name) =>
        new("releaseStream", transactionId, null, [name]);

    /// <summary>FMLE's announcement of a publish, which CDNs (and SRS edges) wait for.</summary>
    public static CommandMessage FcPublish(double transactionId, string name) =>
        new("FCPublish", transactionId, null, [name]);

    public static CommandMessage FcUnpublish(double transactionId, string name) =>
        new("FCUnpublish", transactionId, null, [name]);

    public static CommandMessage CreateStream(double transactionId) =>
        new("createStream", transactionId, null, []);

    /// <summary>The stream id travels as a number argument; the message itself goes on stream 0.</summary>
    public static CommandMessage DeleteStream(double transactionId, uint streamId) =>
        new("deleteStream", transactionId, null, [(double)streamId]);

    /// <summary><c>publish(name, "live")</c>: live, so the server records nothing.</summary>
    public static CommandMessage Publish(double transactionId, string name) =>
        new("publish", transactionId, null, [name, "live"]);

    /// <summary>
    /// <c>play(name, -2)</c>: start -2 is the spec's "the live stream if there is one, else the recording", which every
    /// live server reads as "live".
    /// </summary>
    public static CommandMessage Play(double transactionId, string name) =>
        new("play", transactionId, null, [name, -2.0]);
}
