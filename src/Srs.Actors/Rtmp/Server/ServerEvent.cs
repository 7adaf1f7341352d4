using Srs.Actors.Media;

namespace Srs.Actors.Rtmp.Server;

/// <summary>What a client's message meant, once the command exchange has answered what needs no decision.</summary>
public enum ServerEventKind
{
    /// <summary><c>connect</c>, already answered: <see cref="ServerEvent.Text"/> is the flashVer.</summary>
    Connected,

    /// <summary><c>publish</c> of the stream named in <see cref="ServerEvent.Text"/> (with its query): the host decides.</summary>
    PublishRequested,

    /// <summary><c>play</c> of the stream named in <see cref="ServerEvent.Text"/>: the host decides.</summary>
    PlayRequested,

    /// <summary><c>FCUnpublish</c> (already answered), <c>deleteStream</c> or <c>closeStream</c>: the stream's role ends.</summary>
    StreamClosed,

    /// <summary><c>pause</c>: <see cref="ServerEvent.Flag"/> true to pause.</summary>
    Paused,

    /// <summary><c>receiveAudio</c> / <c>receiveVideo</c>: <see cref="ServerEvent.Media"/> says which, <see cref="ServerEvent.Flag"/> on or off.</summary>
    ReceiveToggled,

    /// <summary>An audio or video message; its body is an FLV tag body.</summary>
    Media,

    /// <summary><c>onMetaData</c> (unwrapped from <c>@setDataFrame</c>), re-encoded as an FLV script body.</summary>
    Metadata,

    /// <summary>A command nobody knows (answered with <c>_error</c> if it had a transaction): <see cref="ServerEvent.Text"/> is its name.</summary>
    UnknownCommand,
}

/// <summary>One event of <see cref="ServerCommands"/>: a value, so media passes through without an allocation of its own.</summary>
public readonly record struct ServerEvent(ServerEventKind Kind, string? Text = null, MediaKind Media = default, uint Timestamp = 0, ReadOnlyMemory<byte> Body = default, bool Flag = false);
