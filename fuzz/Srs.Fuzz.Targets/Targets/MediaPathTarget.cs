using System.Text;
using Srs.Actors.Http;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// The HTTP media path mapping (<c>/app/stream.flv|m3u8|ts</c>): the input as a decoded request path. It never
/// throws; what it accepts climbs nowhere and maps back to itself.
/// </summary>
public sealed class MediaPathTarget : FuzzTarget
{
    public override string Name => "mediapath";

    public override string Contract =>
        "MediaPath.TryParse over any UTF-8 path; never throws; an accepted path has no empty, '.' or '..' segment, no '\\', '%', NUL or control character, and re-renders to a path that parses the same";

    public override int MaxInputLength => 2048;

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        string path = Encoding.UTF8.GetString(input);
        if (!MediaPath.TryParse(path, out var media))
        {
            return;
        }

        string whole = $"{media.App}/{media.Name}";
        foreach (string segment in whole.Split('/'))
        {
            ContractViolationException.Require(segment is not ("" or "." or ".."), $"'{path}' was accepted with segment '{segment}'");
        }

        foreach (char c in whole)
        {
            ContractViolationException.Require(c is not ('\\' or '%' or '\0') && !char.IsControl(c), $"'{path}' was accepted with U+{(int)c:X4}");
        }

        ContractViolationException.Require(media.Extension is "flv" or "m3u8" or "ts", $"'{path}' was accepted with extension '{media.Extension}'");
        ContractViolationException.Require(
            MediaPath.TryParse($"/{whole}.{media.Extension}", out var again) && again == media,
            $"'{path}' does not map back to itself");
    }
}
