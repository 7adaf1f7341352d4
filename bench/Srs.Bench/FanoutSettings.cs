using Srs.Actors.Rtmp.Client;

namespace Srs.Bench;

/// <summary>One fan-out run.</summary>
/// <param name="Url">The stream every player plays.</param>
/// <param name="Players">How many players.</param>
/// <param name="Duration">From the first connect to the summary; players joining late measure over a shorter time.</param>
/// <param name="PlayersPerSecond">Connect rate; null opens them all at once.</param>
/// <param name="FedKbps">A player that received at least this rate counts as fed; 0 reports no such count.</param>
internal sealed record FanoutSettings(RtmpUrl Url, int Players, TimeSpan Duration, double? PlayersPerSecond, double FedKbps = 0);
