using Srs.Actors.Rtmp.Amf0;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>An <c>onStatus</c> the server sent about the stream (<c>NetStream.Play.Start</c>, <c>NetStream.Play.UnpublishNotify</c>, ...).</summary>
/// <param name="Level"><c>status</c>, <c>warning</c> or <c>error</c>.</param>
/// <param name="Code">The status code, matched literally (see <see cref="StatusCodes"/>).</param>
/// <param name="Description">The server's human-readable text; may be empty.</param>
public sealed record StatusEvent(string Level, string Code, string Description) : RtmpClientEvent
{
    /// <summary>Whether the server reports a failure (level <c>error</c>).</summary>
    public bool IsError => string.Equals(Level, StatusLevels.Error, StringComparison.Ordinal);

    /// <summary>
    /// The info object of an <c>onStatus</c>, <c>_result</c> or <c>_error</c>: the first argument that is an object.
    /// Missing fields read as empty strings, since servers leave out description (and sometimes level) freely.
    /// </summary>
    internal static StatusEvent From(CommandMessage command)
    {
        AmfObject? info = null;
        var arguments = command.Arguments;
        for (int i = 0; i < arguments.Count && info is null; i++)
        {
            info = arguments[i] as AmfObject;
        }

        info ??= command.CommandObject as AmfObject;
        return new StatusEvent(
            info?.GetString("level") ?? "",
            info?.GetString("code") ?? "",
            info?.GetString("description") ?? "");
    }
}
