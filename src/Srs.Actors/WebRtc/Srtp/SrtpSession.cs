using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Srs.Actors.WebRtc.Srtp;

/// <summary>
/// One direction's SRTP and SRTCP crypto context (RFC 3711; RFC 7714 for AEAD_AES_128_GCM): session keys derived once
/// from the master key and salt, a rollover counter and replay window per SSRC, packets protected and unprotected in
/// place. Not thread-safe: one owner (the peer's actor) uses it.
/// </summary>
public sealed partial class SrtpSession : IDisposable
{
    /// <summary>The most bytes protecting adds to a packet under any profile (GCM's SRTCP: 16-byte tag and 4-byte index).</summary>
    public const int MaxOverhead = 20;

    /// <summary>SSRCs an inbound context tracks at most: a browser sends a handful, a flood of new ones is refused.</summary>
    public const int MaxStreams = 64;

    private const int HmacTagSize = 10;
    private const int GcmTagSize = 16;
    private const int SrtcpIndexSize = 4;
    private const int RtcpHeaderSize = 8;

    private readonly bool gcm;
    private readonly ICryptoTransform? rtpCipher;
    private readonly ICryptoTransform? rtcpCipher;
    private readonly IncrementalHash? rtpAuth;
    private readonly IncrementalHash? rtcpAuth;
    private readonly AesGcm? rtpAead;
    private readonly AesGcm? rtcpAead;
    private readonly byte[] rtpSalt;
    private readonly byte[] rtcpSalt;
    private readonly Dictionary<uint, RtpStreamState> outbound = [];
    private readonly Dictionary<uint, RtpStreamState> inbound = [];
    private byte[] keystream = new byte[2048];

    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != SrtpKeys.KeyLength(profile)) throw new ArgumentException($"a master key of {masterKey.Length} bytes for {profile}", nameof(masterKey));
        if (masterSalt.Length != SrtpKeys.SaltLength(profile)) throw new ArgumentException($"a master salt of {masterSalt.Length} bytes for {profile}", nameof(masterSalt));
        Profile = profile;
        gcm = profile == SrtpProfile.AeadAes128Gcm;
        TagSize = gcm ? GcmTagSize : HmacTagSize;

        using var master = AesCounterMode.CreateEcb(masterKey);
        var rtpKey = new byte[16];
        var rtcpKey = new byte[16];
        rtpSalt = new byte[masterSalt.Length];
        rtcpSalt = new byte[masterSalt.Length];
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.RtpEncryption, rtpKey);
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.RtpSalt, rtpSalt);
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.RtcpEncryption, rtcpKey);
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.RtcpSalt, rtcpSalt);
        if (gcm)
        {
            rtpAead = new AesGcm(rtpKey, GcmTagSize);
            rtcpAead = new AesGcm(rtcpKey, GcmTagSize);
        }
        else
        {
            rtpCipher = AesCounterMode.CreateEcb(rtpKey);
            rtcpCipher = AesCounterMode.CreateEcb(rtcpKey);
            Span<byte> authKey = stackalloc byte[20];
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.RtpAuthentication, authKey);
            rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.RtcpAuthentication, authKey);
            rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
            CryptographicOperations.ZeroMemory(authKey);
        }
        CryptographicOperations.ZeroMemory(rtpKey);
        CryptographicOperations.ZeroMemory(rtcpKey);
    }

    public SrtpProfile Profile { get; }

    /// <summary>The authentication tag's size: 10 bytes for AES-CM with HMAC-SHA1-80, 16 for GCM. SRTP adds this much; SRTCP 4 more.</summary>
    public int TagSize { get; }

    /// <summary>Bytes <see cref="ProtectRtcp"/> adds: the tag and the E flag with the SRTCP index.</summary>
    public int RtcpOverhead => TagSize + SrtcpIndexSize;

    /// <summary>
    /// Encrypts the RTP packet in <paramref name="packet"/>[..<paramref name="length"/>] in place and appends the tag
    /// (the span must have <see cref="TagSize"/> bytes of room after it); returns the SRTP packet's length. The
    /// rollover counter of its SSRC steps when the sequence number wraps.
    /// </summary>
    public int ProtectRtp(Span<byte> packet, int length)
    {
        if (packet.Length < length + TagSize) throw new ArgumentException($"no room for the {TagSize}-byte tag after {length} bytes", nameof(packet));
        if (!TryHeaderLength(packet, length, out int header, out string? error)) throw new ArgumentException(error, nameof(packet));
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (!outbound.TryGetValue(ssrc, out var state)) outbound[ssrc] = state = new RtpStreamState();
        long roc = state.EstimateRoc(sequence);
        if (roc < 0) throw new ArgumentException($"sequence {sequence} is before the stream's first packet", nameof(packet));
        state.Advance((uint)roc, sequence);
        return Seal(packet, length, header, ssrc, (uint)roc, sequence);
    }

    /// <summary>
    /// Checks an SRTP packet's tag and replay window, decrypts it in place and gives the plain RTP packet's
    /// <paramref name="length"/>; false with a one-line reason for anything that does not authenticate.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int length, out string? error)
    {
        length = 0;
        int body = packet.Length - TagSize;
        if (body < 12) return Fail($"{packet.Length} bytes is too short for SRTP", out error);
        if (!TryHeaderLength(packet, body, out int header, out error)) return false;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        bool known = inbound.TryGetValue(ssrc, out var state);
        if (!known && inbound.Count >= MaxStreams) return Fail($"more than {MaxStreams} SSRCs", out error);
        long roc = known ? state!.EstimateRoc(sequence) : 0;
        if (roc < 0) return Fail($"sequence {sequence} is before the stream's first packet", out error);
        ulong index = ((ulong)roc << 16) | sequence;
        if (known && state!.Window.Check(index) is { } replay) return Fail(replay, out error);
        if (!Open(packet, body, header, ssrc, (uint)roc, sequence)) return Fail("SRTP authentication failed", out error);

        if (!known) inbound[ssrc] = state = new RtpStreamState();
        state!.Advance((uint)roc, sequence);
        state.Window.Accept(index);
        length = body;
        error = null;
        return true;
    }

    public void Dispose()
    {
        rtpCipher?.Dispose();
        rtcpCipher?.Dispose();
        rtpAuth?.Dispose();
        rtcpAuth?.Dispose();
        rtpAead?.Dispose();
        rtcpAead?.Dispose();
    }

    private int Seal(Span<byte> packet, int length, int header, uint ssrc, uint roc, ushort sequence)
    {
        if (gcm)
        {
            Span<byte> nonce = stackalloc byte[12];
            RtpNonce(nonce, ssrc, roc, sequence);
            var payload = packet[header..length];
            rtpAead!.Encrypt(nonce, payload, payload, packet.Slice(length, GcmTagSize), packet[..header]);
            return length + GcmTagSize;
        }
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        CounterIv(iv, rtpSalt, ssrc, ((ulong)roc << 16) | sequence);
        AesCounterMode.Xor(rtpCipher!, iv, packet[header..length], ref keystream);
        Span<byte> mac = stackalloc byte[20];
        RtpMac(packet[..length], roc, mac);
        mac[..HmacTagSize].CopyTo(packet[length..]);
        return length + HmacTagSize;
    }

    private bool Open(Span<byte> packet, int body, int header, uint ssrc, uint roc, ushort sequence)
    {
        if (gcm)
        {
            Span<byte> nonce = stackalloc byte[12];
            RtpNonce(nonce, ssrc, roc, sequence);
            var payload = packet[header..body];
            try
            {
                rtpAead!.Decrypt(nonce, payload, packet.Slice(body, GcmTagSize), payload, packet[..header]);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }
        Span<byte> mac = stackalloc byte[20];
        RtpMac(packet[..body], roc, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..HmacTagSize], packet.Slice(body, HmacTagSize))) return false;
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        CounterIv(iv, rtpSalt, ssrc, ((ulong)roc << 16) | sequence);
        AesCounterMode.Xor(rtpCipher!, iv, packet[header..body], ref keystream);
        return true;
    }

    /// <summary>RFC 3711 4.2: HMAC-SHA1 over the packet followed by the 32-bit rollover counter.</summary>
    private void RtpMac(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> mac)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        rtpAuth!.AppendData(authenticated);
        rtpAuth.AppendData(rocBytes);
        rtpAuth.GetHashAndReset(mac);
    }

    /// <summary>RFC 3711 4.1.1: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).</summary>
    private static void CounterIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (int i = 0; i < 6; i++) iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
    }

    /// <summary>RFC 7714 8.1: the 12-byte IV is 00 00 || SSRC || ROC || SEQ XOR the salt.</summary>
    private void RtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort sequence)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        for (int i = 0; i < 12; i++) nonce[i] ^= rtpSalt[i];
    }

    /// <summary>The RTP header's length with its CSRCs and extension: what stays in the clear.</summary>
    private static bool TryHeaderLength(ReadOnlySpan<byte> packet, int length, out int header, out string? error)
    {
        header = 0;
        if (length < 12 || packet.Length < length) return Fail($"{length} bytes is shorter than an RTP header", out error);
        if (packet[0] >> 6 != 2) return Fail($"RTP version {packet[0] >> 6}", out error);
        header = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (header + 4 > length) return Fail("RTP header extension cut short", out error);
            header += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(header + 2)..]));
        }
        if (header > length) return Fail("RTP header longer than the packet", out error);
        error = null;
        return true;
    }

    private static bool Fail(string why, out string? error)
    {
        error = why;
        return false;
    }

    /// <summary>An SSRC's rollover counter, highest sequence number and (inbound) replay window.</summary>
    private sealed class RtpStreamState
    {
        public SrtpReplayWindow Window;
        private uint roc;
        private ushort highest;
        private bool started;

        /// <summary>RFC 3711 Appendix A: the packet's rollover counter guessed from the highest sequence so far; -1 before the first.</summary>
        public long EstimateRoc(ushort sequence)
        {
            if (!started) return roc;
            if (highest < 32768) return sequence - highest > 32768 ? (long)roc - 1 : roc;
            return highest - 32768 > sequence ? (long)roc + 1 : roc;
        }

        /// <summary>RFC 3711 3.3.1: after the packet is accepted, move the counter and the highest sequence forward.</summary>
        public void Advance(uint packetRoc, ushort sequence)
        {
            if (!started || packetRoc > roc)
            {
                started = true;
                roc = packetRoc;
                highest = sequence;
            }
            else if (packetRoc == roc && sequence > highest)
            {
                highest = sequence;
            }
        }
    }
}
