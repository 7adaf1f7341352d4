namespace Srs.Actors.Hooks;

/// <summary>SRS's http_hooks (<c>srs.hooks.*</c>): each event POSTs to every URL of its list.</summary>
public sealed record HookSettings(
    IReadOnlyList<string> OnPublish,
    IReadOnlyList<string> OnUnpublish,
    IReadOnlyList<string> OnPlay,
    IReadOnlyList<string> OnStop,
    IReadOnlyList<string> OnHls,
    TimeSpan Timeout)
{
    /// <summary>on_dvr: a recording finished (<c>srs.hooks.on-dvr</c>).</summary>
    public IReadOnlyList<string> OnDvr { get; init; } = [];

    public static readonly HookSettings None = new([], [], [], [], [], TimeSpan.FromSeconds(5));
}
