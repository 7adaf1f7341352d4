using System.Text;
using Srs.Actors.Auth;
using Srs.Actors.Streams;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// What an RTMP client names in connect/publish/play (<c>app?vhost=..</c>, <c>stream?token=..</c>): the input is
/// split at its first NUL into app and stream name, resolved to a stream key, its token checked and its param
/// redacted for the log, as <c>RtmpConnection</c> does. None of it may throw.
/// </summary>
public sealed class StreamNameTarget : FuzzTarget
{
    public override string Name => "streamname";

    public override string Contract =>
        "StreamUrl.Resolve / QueryValue, StreamTokens.Validate, ParamRedaction.Redact over any app and stream name; never throws; a resolved key has non-empty app and stream without '..' or control characters";

    public override int MaxInputLength => 2048;

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        int nul = input.IndexOf((byte)0);
        string app = Encoding.UTF8.GetString(nul < 0 ? input : input[..nul]);
        string stream = nul < 0 ? "" : Encoding.UTF8.GetString(input[(nul + 1)..]);
        var key = StreamUrl.Resolve(app, stream, out string param, out string? error);
        ParamRedaction.Redact(param);
        if (key is not { } k)
        {
            ContractViolationException.Require(error is not null, "refused without a reason");
            return;
        }

        ContractViolationException.Require(
            k.App.Length > 0 && k.Stream.Length > 0 && !k.App.Contains("..") && !k.Stream.Contains(".."),
            $"resolved to '{k.App}' / '{k.Stream}'");
        string? token = StreamUrl.QueryValue(param, "token");
        StreamTokens.Validate("secret", k.App, k.Stream, token, nowUnix: 1_800_000_000, TimeSpan.FromHours(24));
    }
}
