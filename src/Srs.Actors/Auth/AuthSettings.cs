namespace Srs.Actors.Auth;

/// <summary><c>srs.auth</c>: publish/play tokens and the publish address policy.</summary>
public sealed record AuthSettings(string Secret, bool Publish, bool Play, TimeSpan TokenTtlMax, AddressPolicy PublishAddresses)
{
    public static readonly AuthSettings Off = new("", false, false, TimeSpan.FromHours(24), AddressPolicy.Open);
}
