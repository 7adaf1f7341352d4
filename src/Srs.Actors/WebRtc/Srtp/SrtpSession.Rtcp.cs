using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Srs.Actors.WebRtc.Srtp;

/// <summary>SRTCP (RFC 3711 3.4; RFC 7714 9): the first 8 bytes in the clear, the rest encrypted, then E flag and index, then the tag (GCM: tag before the index).</summary>
public sealed partial class SrtpSession
{
    private const uint EncryptedFlag = 0x80000000;

    private readonly Dictionary<uint, SrtpReplayWindow> rtcpInbound = [];
    private uint rtcpIndex;

    /// <summary>
    /// Encrypts the compound RTCP packet in <paramref name="packet"/>[..<paramref name="length"/>] in place, appends
    /// the E flag with the next 31-bit SRTCP index and the tag (room for <see cref="RtcpOverhead"/> bytes after it);
    /// returns the SRTCP packet's length.
    /// </summary>
    public int ProtectRtcp(Span<byte> packet, int length)
    {
        if (length < RtcpHeaderSize || packet.Length < length + RtcpOverhead) throw new ArgumentException($"{length} bytes of RTCP in a {packet.Length}-byte buffer", nameof(packet));
        if (packet[0] >> 6 != 2) throw new ArgumentException($"RTCP version {packet[0] >> 6}", nameof(packet));
        uint index = rtcpIndex;
        rtcpIndex = (rtcpIndex + 1) & 0x7FFFFFFF;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        uint word = EncryptedFlag | index;
        if (gcm)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet[(length + GcmTagSize)..], word);
            Span<byte> nonce = stackalloc byte[12];
            RtcpNonce(nonce, ssrc, index);
            Span<byte> aad = stackalloc byte[RtcpHeaderSize + SrtcpIndexSize];
            packet[..RtcpHeaderSize].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderSize..], word);
            var body = packet[RtcpHeaderSize..length];
            rtcpAead!.Encrypt(nonce, body, body, packet.Slice(length, GcmTagSize), aad);
            return length + GcmTagSize + SrtcpIndexSize;
        }
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        CounterIv(iv, rtcpSalt, ssrc, index);
        AesCounterMode.Xor(rtcpCipher!, iv, packet[RtcpHeaderSize..length], ref keystream);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], word);
        Span<byte> mac = stackalloc byte[20];
        rtcpAuth!.AppendData(packet[..(length + SrtcpIndexSize)]);
        rtcpAuth.GetHashAndReset(mac);
        mac[..HmacTagSize].CopyTo(packet[(length + SrtcpIndexSize)..]);
        return length + SrtcpIndexSize + HmacTagSize;
    }

    /// <summary>
    /// Checks an SRTCP packet's tag and its sender's replay window, decrypts it in place when its E flag is set, and
    /// gives the compound RTCP packet's <paramref name="length"/>; false with a one-line reason otherwise.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int length, out string? error)
    {
        length = 0;
        int body = packet.Length - RtcpOverhead;
        if (body < RtcpHeaderSize) return Fail($"{packet.Length} bytes is too short for SRTCP", out error);
        if (packet[0] >> 6 != 2) return Fail($"RTCP version {packet[0] >> 6}", out error);
        int wordAt = gcm ? body + GcmTagSize : body;
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[wordAt..]);
        uint index = word & 0x7FFFFFFF;
        bool encrypted = (word & EncryptedFlag) != 0;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        bool known = rtcpInbound.TryGetValue(ssrc, out var window);
        if (!known && rtcpInbound.Count >= MaxStreams) return Fail($"more than {MaxStreams} RTCP senders", out error);
        if (known && window.Check(index) is { } replay) return Fail("SRTCP " + replay, out error);
        if (!(gcm ? OpenRtcpGcm(packet, body, ssrc, word, encrypted) : OpenRtcpHmac(packet, body, ssrc, index, encrypted)))
        {
            return Fail("SRTCP authentication failed", out error);
        }
        CollectionsMarshal.GetValueRefOrAddDefault(rtcpInbound, ssrc, out _).Accept(index);
        length = body;
        error = null;
        return true;
    }

    private bool OpenRtcpHmac(Span<byte> packet, int body, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> mac = stackalloc byte[20];
        rtcpAuth!.AppendData(packet[..(body + SrtcpIndexSize)]);
        rtcpAuth.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..HmacTagSize], packet.Slice(body + SrtcpIndexSize, HmacTagSize))) return false;
        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            CounterIv(iv, rtcpSalt, ssrc, index);
            AesCounterMode.Xor(rtcpCipher!, iv, packet[RtcpHeaderSize..body], ref keystream);
        }
        return true;
    }

    /// <summary>RFC 7714 9.1 (E=1: header and index are associated data) and 9.2 (E=0: the whole packet is).</summary>
    private bool OpenRtcpGcm(Span<byte> packet, int body, uint ssrc, uint word, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(nonce, ssrc, word & 0x7FFFFFFF);
        var tag = packet.Slice(body, GcmTagSize);
        try
        {
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[RtcpHeaderSize + SrtcpIndexSize];
                packet[..RtcpHeaderSize].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderSize..], word);
                var ciphertext = packet[RtcpHeaderSize..body];
                rtcpAead!.Decrypt(nonce, ciphertext, tag, ciphertext, aad);
            }
            else
            {
                // The clear packet and the index word are the associated data; they are not contiguous, so join them.
                byte[] aad = new byte[body + SrtcpIndexSize];
                packet[..body].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad.AsSpan(body), word);
                rtcpAead!.Decrypt(nonce, [], tag, [], aad);
            }
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>RFC 7714 9.1: the 12-byte IV is 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR the salt.</summary>
    private void RtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        for (int i = 0; i < 12; i++) nonce[i] ^= rtcpSalt[i];
    }
}
