using Srs.Actors.Media;

namespace Srs.Actors.Ingest;

/// <summary>The read loop of a raw H.264 connection parsed one access unit; <paramref name="ArrivalTicks"/> is <see cref="System.Diagnostics.Stopwatch"/> time.</summary>
public sealed record AccessUnitArrived(AccessUnit Unit, long ArrivalTicks);

/// <summary>The raw H.264 read loop ended: the sender closed (<paramref name="Error"/> null) or sent what is not H.264.</summary>
public sealed record RawH264ReadEnded(Exception? Error, long BytesRead);
