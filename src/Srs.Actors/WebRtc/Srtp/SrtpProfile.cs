namespace Srs.Actors.WebRtc.Srtp;

/// <summary>The SRTP protection profiles a WHEP session can negotiate in DTLS's use_srtp extension (RFC 5764 4.1.2, RFC 7714 14.2), by their IANA numbers.</summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag; every browser has it.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-byte tag.</summary>
    AeadAes128Gcm = 0x0007,
}
