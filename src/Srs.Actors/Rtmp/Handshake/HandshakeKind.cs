namespace Srs.Actors.Rtmp.Handshake;

/// <summary>
/// Which handshake a peer spoke. The two complex schemas differ only in the order of the
/// 764-byte key and digest blocks inside C1/S1; the answer must use the peer's order.
/// </summary>
public enum HandshakeKind
{
    /// <summary>Plain RTMP spec handshake: S2 echoes C1, C2 echoes S1.</summary>
    Simple,

    /// <summary>Flash Player 9+ handshake, key block first, digest block second.</summary>
    ComplexSchema0,

    /// <summary>Flash Player 9+ handshake, digest block first, key block second (what ffmpeg and librtmp send).</summary>
    ComplexSchema1,
}
