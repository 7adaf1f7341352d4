using System.Net;
using Srs.Actors.WebRtc.Stun;

namespace Srs.Fuzz.Targets.Targets;

/// <summary>
/// A datagram on the WebRTC port through <see cref="StunMessage.IsStun"/>, <see cref="StunMessage.TryParse"/> and
/// <see cref="StunMessage.VerifyIntegrity"/>, which never throw. An accepted message is STUN with a 12-byte
/// transaction id and a bounded USERNAME; a response written for it verifies and parses.
/// </summary>
public sealed class StunTarget : FuzzTarget
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    public override string Name => "stun";

    public override string Contract =>
        "StunMessage.IsStun, TryParse, VerifyIntegrity (never throw; an accepted message is STUN, 12-byte id, USERNAME <= 513 bytes; the Binding success and error written for it verify and parse)";

    public override bool IsRejection(Exception e) => false;

    public override void Run(ReadOnlySpan<byte> input)
    {
        bool stun = StunMessage.IsStun(input);
        bool verified = StunMessage.VerifyIntegrity(input, Password);
        ContractViolationException.Require(stun || !verified, "a message that is not STUN verified");
        if (!StunMessage.TryParse(input, out var request, out string? error))
        {
            ContractViolationException.Require(error is not null, "refused without a reason");
            return;
        }
        ContractViolationException.Require(stun, "parsed a message that is not STUN");
        ContractViolationException.Require(request.TransactionId.Length == 12, "transaction id length");
        ContractViolationException.Require(request.Username is null || request.Username.Length <= StunMessage.MaxUsernameBytes, "USERNAME too long");
        ContractViolationException.Require(!verified || request.HasIntegrity, "verified without MESSAGE-INTEGRITY");

        Span<byte> response = stackalloc byte[128];
        int n = StunMessage.WriteBindingSuccess(response, request.TransactionId, new IPEndPoint(IPAddress.IPv6Loopback, 9), Password);
        ContractViolationException.Require(StunMessage.VerifyIntegrity(response[..n], Password), "our success response does not verify");
        ContractViolationException.Require(StunMessage.TryParse(response[..n], out var back, out _) && back.TransactionId.AsSpan().SequenceEqual(request.TransactionId), "our success response does not parse back");
        n = StunMessage.WriteBindingError(response, request.TransactionId, 400, "Bad Request");
        ContractViolationException.Require(StunMessage.TryParse(response[..n], out back, out _) && back.HasFingerprint && !back.HasIntegrity, "our error response does not parse back");
    }
}
