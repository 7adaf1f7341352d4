namespace Srs.Actors.WebRtc.Srtp;

/// <summary>
/// The master keys and salts both sides derive from the DTLS handshake (RFC 5764 4.2): the client's protect what the
/// browser sends, the server's what the node sends.
/// </summary>
public sealed record SrtpKeys(SrtpProfile Profile, byte[] ClientKey, byte[] ClientSalt, byte[] ServerKey, byte[] ServerSalt)
{
    /// <summary>The master key length of <paramref name="profile"/>, in bytes.</summary>
    public static int KeyLength(SrtpProfile profile) => 16;

    /// <summary>The master salt length: 14 bytes for AES-CM (RFC 3711), 12 for AEAD GCM (RFC 7714).</summary>
    public static int SaltLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>How many bytes to ask the exporter ("EXTRACTOR-dtls_srtp") for.</summary>
    public static int MaterialLength(SrtpProfile profile) => 2 * (KeyLength(profile) + SaltLength(profile));

    /// <summary>Splits exported keying material in RFC 5764's order: client key, server key, client salt, server salt.</summary>
    public static SrtpKeys FromKeyingMaterial(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        int k = KeyLength(profile), s = SaltLength(profile);
        if (material.Length < 2 * (k + s)) throw new ArgumentException($"{material.Length} bytes of keying material, {2 * (k + s)} needed", nameof(material));
        return new SrtpKeys(profile, material[..k].ToArray(), material.Slice(2 * k, s).ToArray(), material.Slice(k, k).ToArray(), material.Slice((2 * k) + s, s).ToArray());
    }
}
