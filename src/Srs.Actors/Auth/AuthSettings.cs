namespace Srs.Actors.Auth;

/// <summary><c>srs.auth</c>: publish/play tokens and the publish and play address policies.</summary>
public sealed record AuthSettings(string Secret, bool Publish, bool Play, TimeSpan TokenTtlMax, AddressPolicy PublishAddresses, AddressPolicy PlayAddresses)
{
    public static readonly AuthSettings Off = new("", false, false, TimeSpan.FromHours(24), AddressPolicy.Open, AddressPolicy.Open);
}
