using System.Text;
using Srs.Actors.Media.Hls;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// The M3U8 media playlist reader (what the edge and the tests use to follow a playlist): any UTF-8 text.
/// Only <see cref="InvalidDataException"/> may escape; what it reads is sane.
/// </summary>
public sealed class M3u8Target : FuzzTarget
{
    public override string Name => "m3u8";

    public override string Contract => "M3u8Reader.Parse over any UTF-8 text; throws only InvalidDataException; target duration, sequence and segment durations are not negative";

    public override bool IsRejection(Exception e) => Is<InvalidDataException>(e);

    public override void Run(ReadOnlySpan<byte> input)
    {
        var playlist = M3u8Reader.Parse(Encoding.UTF8.GetString(input));
        ContractViolationException.Require(playlist.TargetDuration >= 0 && playlist.MediaSequence >= 0, $"target duration {playlist.TargetDuration}, sequence {playlist.MediaSequence}");
        foreach (var segment in playlist.Segments)
        {
            ContractViolationException.Require(segment.Duration >= TimeSpan.Zero && segment.Uri.Length > 0, $"segment '{segment.Uri}' of {segment.Duration}");
        }
    }
}
