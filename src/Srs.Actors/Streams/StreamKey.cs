namespace Srs.Actors.Streams;

/// <summary>Identity of a live stream, as SRS names it: vhost/app/stream.</summary>
public readonly record struct StreamKey(string Vhost, string App, string Stream)
{
    public const string DefaultVhost = "__defaultVhost__";

    /// <summary>The stream URL SRS reports in its API: <c>/app/stream</c> (vhost only when not the default).</summary>
    public string Url => Vhost == DefaultVhost ? $"/{App}/{Stream}" : $"{Vhost}/{App}/{Stream}";

    public override string ToString() => $"{Vhost}/{App}/{Stream}";
}
