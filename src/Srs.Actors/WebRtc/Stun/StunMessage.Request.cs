using System.Buffers.Binary;
using System.Text;

namespace Srs.Actors.WebRtc.Stun;

/// <summary>The agent's side of a connectivity check: the Binding request a full ICE agent (a load client) sends.</summary>
public static partial class StunMessage
{
    /// <summary>
    /// Writes a Binding request (RFC 8445 7.1.1): SOFTWARE when given, PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED with
    /// <paramref name="tieBreaker"/>, USE-CANDIDATE when nominating, USERNAME ("remote:local"), MESSAGE-INTEGRITY keyed
    /// by the remote agent's <paramref name="password"/> and FINGERPRINT. Returns its length.
    /// </summary>
    public static int WriteBindingRequest(Span<byte> destination, ReadOnlySpan<byte> transactionId, string username, string password,
        uint priority, ulong tieBreaker, bool controlling, bool useCandidate, string? software = null)
    {
        int usernameBytes = Encoding.UTF8.GetByteCount(username);
        if (usernameBytes > MaxUsernameBytes) throw new ArgumentException($"USERNAME of {usernameBytes} bytes", nameof(username));
        int softwareBytes = software is null ? 0 : Encoding.UTF8.GetByteCount(software);
        if (softwareBytes > MaxReasonBytes) throw new ArgumentException($"SOFTWARE of {softwareBytes} bytes", nameof(software));
        int size = HeaderSize + (software is null ? 0 : 4 + Padded(softwareBytes)) + 8 + 12 + (useCandidate ? 4 : 0)
            + 4 + Padded(usernameBytes) + 4 + IntegritySize + 8;
        if (destination.Length < size) throw new ArgumentException($"{destination.Length} bytes for a {size}-byte request", nameof(destination));

        WriteHeader(destination, BindingRequest, transactionId);
        int at = HeaderSize;
        if (software is not null) at = WriteText(destination, at, Software, software, softwareBytes);
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], Priority);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 4)..], priority);
        at += 8;
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], controlling ? IceControlling : IceControlled);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], 8);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(at + 4)..], tieBreaker);
        at += 12;
        if (useCandidate)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], UseCandidate);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], 0);
            at += 4;
        }
        at = WriteText(destination, at, Username, username, usernameBytes);

        // The header's length covers MESSAGE-INTEGRITY while its HMAC is computed (RFC 8489 14.5).
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(at + 4 + IntegritySize - HeaderSize));
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], MessageIntegrity);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], IntegritySize);
        Hmac(password, destination[..at], destination.Slice(at + 4, IntegritySize));
        at += 4 + IntegritySize;
        return WriteFingerprint(destination, at);
    }
}
