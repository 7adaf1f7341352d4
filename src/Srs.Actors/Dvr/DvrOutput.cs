namespace Srs.Actors.Dvr;

/// <summary>What the muxer asks of the file writer, in order: open a file with its init segment, append a fragment, close it.</summary>
public abstract record DvrOutput;

/// <summary>A new file starts with <paramref name="Init"/> (ftyp + moov, no samples).</summary>
public sealed record DvrOpen(byte[] Init, string Reason) : DvrOutput;

/// <summary>One fragment (moof + mdat) of <paramref name="DurationMs"/>: one write call.</summary>
public sealed record DvrAppend(byte[] Fragment, long DurationMs) : DvrOutput;

/// <summary>The file is complete after <paramref name="DurationMs"/>.</summary>
public sealed record DvrClose(long DurationMs) : DvrOutput;
