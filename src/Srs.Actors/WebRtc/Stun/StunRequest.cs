namespace Srs.Actors.WebRtc.Stun;

/// <summary>
/// What an ICE-lite agent needs from an incoming STUN message (RFC 8489, RFC 8445 7.3): its type, transaction id,
/// USERNAME ("ourUfrag:theirUfrag"), whether MESSAGE-INTEGRITY and FINGERPRINT are there, and the ICE attributes.
/// </summary>
public readonly record struct StunRequest(
    ushort Type,
    byte[] TransactionId,
    string? Username,
    bool HasIntegrity,
    bool HasFingerprint,
    bool UseCandidate,
    bool IceControlling,
    uint Priority)
{
    /// <summary>A Binding request (method 0x001, class request).</summary>
    public bool IsBindingRequest => Type == StunMessage.BindingRequest;
}
