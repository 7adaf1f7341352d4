namespace Srs.Actors.Whep;

/// <summary><c>srs.webrtc.*</c>: WHEP playback on one UDP port; <paramref name="PublicHost"/> is the address the answers' candidates name ("" = the address the browser reached over HTTP).</summary>
public sealed record WhepSettings(bool Enabled, int Port, string PublicHost)
{
    public static readonly WhepSettings Off = new(false, 8189, "");
}
