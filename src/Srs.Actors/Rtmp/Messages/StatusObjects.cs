using Srs.Actors.Rtmp.Amf0;

namespace Srs.Actors.Rtmp.Messages;

/// <summary>
/// Replies a server sends to RTMP clients, with the field values FMS (and SRS, which copies
/// them) use. Clients inspect some of these literally (ffmpeg checks <c>code</c>, Flash checks
/// <c>fmsVer</c> and <c>capabilities</c>), so changing a value here is an interop decision.
/// </summary>
public static class StatusObjects
{
    private const string ResultName = "_result";
    private const string ErrorName = "_error";
    private const string OnStatusName = "onStatus";
    private const string OnBwDoneName = "onBWDone";
    private const string OnFcPublishName = "onFCPublish";
    private const string OnFcUnpublishName = "onFCUnpublish";

    /// <summary>The server version FMS 3.5 reports; clients gate features on an FMS-looking value.</summary>
    private const string FmsVersion = "FMS/3,5,3,888";

    /// <summary>FMS's capability bit mask, echoed by SRS; some players refuse other values.</summary>
    private const double Capabilities = 127;

    private const double Mode = 1;

    /// <summary>The <c>_result</c> reply to <c>connect</c>.</summary>
    public static CommandMessage ConnectResult(double transactionId, double objectEncoding, AmfObject? serverData)
    {
        var properties = new AmfObject
        {
            { "fmsVer", FmsVersion },
            { "capabilities", Capabilities },
            { "mode", Mode },
        };
        var info = new AmfObject
        {
            { "level", StatusLevels.Status },
            { "code", StatusCodes.ConnectSuccess },
            { "description", "Connection succeeded" },
            { "objectEncoding", objectEncoding },
        };
        if (serverData is not null)
        {
            info.Add("data", AsEcmaArray(serverData));
        }

        return new CommandMessage(ResultName, transactionId, properties, [info]);
    }

    /// <summary>A <c>_result</c> with a null command object, e.g. createStream's stream id.</summary>
    public static CommandMessage CallResult(double transactionId, params object?[] args) =>
        new(ResultName, transactionId, null, args);

    /// <summary>An <c>_error</c> reply, e.g. a rejected connect or a failed call.</summary>
    public static CommandMessage Error(double transactionId, string code, string description) =>
        new(ErrorName, transactionId, null, [Info(StatusLevels.Error, code, description)]);

    /// <summary>
    /// An <c>onStatus</c> event. Properties of <paramref name="extra"/> (details, clientid, ...)
    /// follow level/code/description and replace them if they share a name.
    /// </summary>
    public static CommandMessage OnStatus(string level, string code, string description, AmfObject? extra = null)
    {
        var info = Info(level, code, description);
        if (extra is not null)
        {
            foreach (var property in extra)
            {
                info[property.Key] = property.Value;
            }
        }

        return new CommandMessage(OnStatusName, 0, null, [info]);
    }

    /// <summary>Ends the bandwidth check handshake FMS clients wait for before publishing.</summary>
    public static CommandMessage OnBwDone() => new(OnBwDoneName, 0, null, []);

    public static CommandMessage OnFcPublish(string code, string description) =>
        new(OnFcPublishName, 0, null, [CodeAndDescription(code, description)]);

    public static CommandMessage OnFcUnpublish(string code, string description) =>
        new(OnFcUnpublishName, 0, null, [CodeAndDescription(code, description)]);

    private static AmfObject Info(string level, string code, string description) => new()
    {
        { "level", level },
        { "code", code },
        { "description", description },
    };

    private static AmfObject CodeAndDescription(string code, string description) => new()
    {
        { "code", code },
        { "description", description },
    };

    /// <summary>Clients expect <c>data</c> as an ECMA array, as FMS sends it.</summary>
    private static AmfEcmaArray AsEcmaArray(AmfObject data)
    {
        if (data is AmfEcmaArray array)
        {
            return array;
        }

        var copy = new AmfEcmaArray(data.Count);
        foreach (var property in data)
        {
            copy.Add(property.Key, property.Value);
        }

        return copy;
    }
}
