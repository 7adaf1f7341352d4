using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Srs.Actors.WebRtc.Stun;

/// <summary>
/// The STUN an ICE-lite agent speaks (RFC 8489, RFC 8445): recognise a datagram as STUN, read a Binding request,
/// check its short-term MESSAGE-INTEGRITY and FINGERPRINT, and write the success or error response.
/// </summary>
public static partial class StunMessage
{
    public const int HeaderSize = 20;
    public const uint MagicCookie = 0x2112A442;
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingSuccess = 0x0101;
    public const ushort BindingError = 0x0111;

    /// <summary>More attributes than any browser's Binding request carries (about 8): a bound on the walk.</summary>
    public const int MaxAttributes = 32;

    /// <summary>RFC 8489 14.3: USERNAME is under 513 bytes.</summary>
    public const int MaxUsernameBytes = 513;

    private const ushort Username = 0x0006;
    private const ushort MessageIntegrity = 0x0008;
    private const ushort ErrorCode = 0x0009;
    private const ushort XorMappedAddress = 0x0020;
    private const ushort Priority = 0x0024;
    private const ushort UseCandidate = 0x0025;
    private const ushort Software = 0x8022;
    private const ushort Fingerprint = 0x8028;
    private const ushort IceControlling = 0x802A;
    private const ushort IceControlled = 0x8029;
    private const uint FingerprintXor = 0x5354554E;
    private const int IntegritySize = 20;
    private const int MaxReasonBytes = 763;

    /// <summary>
    /// Whether a datagram on the shared port is STUN (RFC 8489 6, RFC 7983 7): the two top bits zero, a length that
    /// is a multiple of 4 and matches the datagram, and the magic cookie.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderSize || (datagram[0] & 0xC0) != 0) return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        return (length & 3) == 0
            && HeaderSize + length == datagram.Length
            && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;
    }

    /// <summary>Reads a STUN message's header and the attributes ICE uses; false with a reason when it is not well formed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunRequest request, out string? error)
    {
        request = default;
        if (!IsStun(datagram)) return Fail("not a STUN message", out error);
        string? username = null;
        bool integrity = false, fingerprint = false, useCandidate = false, controlling = false;
        uint priority = 0;
        int count = 0;
        for (int at = HeaderSize; at < datagram.Length;)
        {
            if (++count > MaxAttributes) return Fail($"more than {MaxAttributes} attributes", out error);
            if (!TryReadAttribute(datagram, at, out ushort type, out var value, out int next, out error)) return false;
            if (fingerprint) return Fail("an attribute after FINGERPRINT", out error);
            if (integrity && type != Fingerprint)
            {
                // RFC 8489 14.5: attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored.
                at = next;
                continue;
            }
            switch (type)
            {
                case Username:
                    if (value.Length > MaxUsernameBytes) return Fail($"USERNAME of {value.Length} bytes", out error);
                    username = Encoding.UTF8.GetString(value);
                    break;
                case MessageIntegrity:
                    if (value.Length != IntegritySize) return Fail($"MESSAGE-INTEGRITY of {value.Length} bytes", out error);
                    integrity = true;
                    break;
                case Fingerprint:
                    if (value.Length != 4) return Fail($"FINGERPRINT of {value.Length} bytes", out error);
                    fingerprint = true;
                    break;
                case Priority:
                    if (value.Length != 4) return Fail($"PRIORITY of {value.Length} bytes", out error);
                    priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case UseCandidate:
                    useCandidate = true;
                    break;
                case IceControlling:
                    if (value.Length != 8) return Fail($"ICE-CONTROLLING of {value.Length} bytes", out error);
                    controlling = true;
                    break;
            }
            at = next;
        }
        request = new StunRequest(
            BinaryPrimitives.ReadUInt16BigEndian(datagram),
            datagram.Slice(8, 12).ToArray(),
            username, integrity, fingerprint, useCandidate, controlling, priority);
        error = null;
        return true;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (HMAC-SHA1 keyed by the UTF-8 <paramref name="password"/>, over the message up to the
    /// attribute with the header's length pointing at its end, RFC 8489 14.5) and, when present, FINGERPRINT.
    /// False when either is missing, misplaced or wrong.
    /// </summary>
    public static bool VerifyIntegrity(ReadOnlySpan<byte> datagram, string password)
    {
        if (!IsStun(datagram)) return false;
        int integrityAt = -1, fingerprintAt = -1, count = 0;
        for (int at = HeaderSize; at < datagram.Length;)
        {
            if (++count > MaxAttributes || !TryReadAttribute(datagram, at, out ushort type, out var value, out int next, out _)) return false;
            if (fingerprintAt >= 0) return false;
            if (type == MessageIntegrity && integrityAt < 0)
            {
                if (value.Length != IntegritySize) return false;
                integrityAt = at;
            }
            else if (type == Fingerprint)
            {
                if (value.Length != 4) return false;
                fingerprintAt = at;
            }
            at = next;
        }
        if (integrityAt < 0) return false;
        if (fingerprintAt >= 0 && BinaryPrimitives.ReadUInt32BigEndian(datagram[(fingerprintAt + 4)..]) != (StunCrc32.Compute(datagram[..fingerprintAt]) ^ FingerprintXor))
        {
            return false;
        }

        byte[]? rented = null;
        var covered = integrityAt <= 1024 ? stackalloc byte[integrityAt] : (rented = ArrayPool<byte>.Shared.Rent(integrityAt)).AsSpan(0, integrityAt);
        try
        {
            datagram[..integrityAt].CopyTo(covered);
            BinaryPrimitives.WriteUInt16BigEndian(covered[2..], (ushort)(integrityAt + 4 + IntegritySize - HeaderSize));
            Span<byte> mac = stackalloc byte[IntegritySize];
            Hmac(password, covered, mac);
            return CryptographicOperations.FixedTimeEquals(mac, datagram.Slice(integrityAt + 4, IntegritySize));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes a Binding success response (0x0101): SOFTWARE when given, XOR-MAPPED-ADDRESS (IPv4 or IPv6),
    /// MESSAGE-INTEGRITY keyed by <paramref name="password"/> and FINGERPRINT. Returns its length.
    /// </summary>
    public static int WriteBindingSuccess(Span<byte> destination, ReadOnlySpan<byte> transactionId, IPEndPoint mapped, string password, string? software = null)
    {
        var address = mapped.Address.IsIPv4MappedToIPv6 ? mapped.Address.MapToIPv4() : mapped.Address;
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int softwareBytes = software is null ? 0 : Encoding.UTF8.GetByteCount(software);
        if (softwareBytes > MaxReasonBytes) throw new ArgumentException($"SOFTWARE of {softwareBytes} bytes", nameof(software));
        int size = HeaderSize + (software is null ? 0 : 4 + Padded(softwareBytes)) + (v6 ? 24 : 12) + 4 + IntegritySize + 8;
        if (destination.Length < size) throw new ArgumentException($"{destination.Length} bytes for a {size}-byte response", nameof(destination));

        WriteHeader(destination, BindingSuccess, transactionId);
        int at = HeaderSize;
        if (software is not null) at = WriteText(destination, at, Software, software, softwareBytes);

        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], XorMappedAddress);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], (ushort)(v6 ? 20 : 8));
        destination[at + 4] = 0;
        destination[at + 5] = (byte)(v6 ? 2 : 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 6)..], (ushort)(mapped.Port ^ (MagicCookie >> 16)));
        var xored = destination.Slice(at + 8, v6 ? 16 : 4);
        address.TryWriteBytes(xored, out _);
        // The address is XORed with the cookie, and for IPv6 the transaction id after it (RFC 8489 14.2).
        for (int i = 0; i < xored.Length; i++) xored[i] ^= i < 4 ? (byte)(MagicCookie >> (24 - (8 * i))) : transactionId[i - 4];
        at += v6 ? 24 : 12;

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(at + 4 + IntegritySize - HeaderSize));
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], MessageIntegrity);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], IntegritySize);
        Hmac(password, destination[..at], destination.Slice(at + 4, IntegritySize));
        at += 4 + IntegritySize;
        return WriteFingerprint(destination, at);
    }

    /// <summary>Writes a Binding error response (0x0111) with ERROR-CODE (400 Bad Request, 401 Unauthorized, ...) and FINGERPRINT; returns its length.</summary>
    public static int WriteBindingError(Span<byte> destination, ReadOnlySpan<byte> transactionId, int code, string reason)
    {
        if (code is < 300 or > 699) throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300 to 699");
        int reasonBytes = Encoding.UTF8.GetByteCount(reason);
        if (reasonBytes > MaxReasonBytes) throw new ArgumentException($"a reason of {reasonBytes} bytes", nameof(reason));
        int size = HeaderSize + 8 + Padded(reasonBytes) + 8;
        if (destination.Length < size) throw new ArgumentException($"{destination.Length} bytes for a {size}-byte response", nameof(destination));

        WriteHeader(destination, BindingError, transactionId);
        int at = HeaderSize;
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], ErrorCode);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], (ushort)(4 + reasonBytes));
        destination[at + 4] = 0;
        destination[at + 5] = 0;
        destination[at + 6] = (byte)(code / 100);
        destination[at + 7] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, destination[(at + 8)..]);
        int end = at + 8 + reasonBytes;
        at += 8 + Padded(reasonBytes);
        destination[end..at].Fill((byte)' ');
        return WriteFingerprint(destination, at);
    }

    private static void WriteHeader(Span<byte> destination, ushort type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != 12) throw new ArgumentException($"a transaction id of {transactionId.Length} bytes", nameof(transactionId));
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MagicCookie);
        transactionId.CopyTo(destination[8..]);
    }

    /// <summary>A text attribute, padded with spaces as RFC 5769's samples are (the padding's content is free, RFC 8489 14).</summary>
    private static int WriteText(Span<byte> destination, int at, ushort type, string text, int byteCount)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], (ushort)byteCount);
        Encoding.UTF8.GetBytes(text, destination[(at + 4)..]);
        int end = at + 4 + byteCount, padded = at + 4 + Padded(byteCount);
        destination[end..padded].Fill((byte)' ');
        return padded;
    }

    private static int WriteFingerprint(Span<byte> destination, int at)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(at + 8 - HeaderSize));
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], Fingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(at + 4)..], StunCrc32.Compute(destination[..at]) ^ FingerprintXor);
        return at + 8;
    }

    private static void Hmac(string password, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        int keyBytes = Encoding.UTF8.GetByteCount(password);
        var key = keyBytes <= 512 ? stackalloc byte[keyBytes] : new byte[keyBytes];
        Encoding.UTF8.GetBytes(password, key);
        HMACSHA1.HashData(key, data, mac);
    }

    private static bool TryReadAttribute(ReadOnlySpan<byte> message, int at, out ushort type, out ReadOnlySpan<byte> value, out int next, out string? error)
    {
        type = 0;
        value = default;
        next = 0;
        if (at + 4 > message.Length) return Fail("an attribute header cut short", out error);
        type = BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
        if (at + 4 + length > message.Length) return Fail($"attribute 0x{type:X4} of {length} bytes overflows the message", out error);
        value = message.Slice(at + 4, length);
        next = at + 4 + Padded(length);
        error = null;
        return true;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }
}
