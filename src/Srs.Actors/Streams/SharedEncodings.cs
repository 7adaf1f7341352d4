using System.Collections.Concurrent;

namespace Srs.Actors.Streams;

/// <summary>
/// The one instance of an <see cref="IFrameEncoding"/> for each set of parameters (a chunk size, a payload format):
/// a frame caches its encodings by instance (<see cref="MediaFrame.EncodedFor"/>), so consumers that encode alike must
/// share one for the frame to be encoded once. A handful of keys for the node's whole life.
/// </summary>
public static class SharedEncodings<TKey, TEncoding>
    where TKey : notnull
    where TEncoding : IFrameEncoding
{
    private static readonly ConcurrentDictionary<TKey, TEncoding> Known = new();

    public static TEncoding For(TKey key, Func<TKey, TEncoding> create) => Known.GetOrAdd(key, create);
}
