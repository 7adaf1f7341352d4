using System.Text;

namespace Srs.Actors.Rtsp.Base;

/// <summary>An RTSP message's header fields in their order; names compare case-insensitively (RFC 2326 4.2).</summary>
public sealed class RtspHeaders
{
    private readonly List<KeyValuePair<string, string>> fields = [];

    public int Count => fields.Count;

    public IReadOnlyList<KeyValuePair<string, string>> Fields => fields;

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in fields)
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
            return null;
        }
    }

    /// <summary>Every value of <paramref name="name"/> (WWW-Authenticate comes once per scheme).</summary>
    public IEnumerable<string> All(string name)
    {
        foreach (var (key, value) in fields)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) yield return value;
    }

    public RtspHeaders Add(string name, string value)
    {
        if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException($"header {name} holds a line break or colon");
        fields.Add(new(name, value));
        return this;
    }

    /// <summary>Replaces every value of <paramref name="name"/> with one.</summary>
    public RtspHeaders Set(string name, string value)
    {
        fields.RemoveAll(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        return Add(name, value);
    }

    internal void AppendTo(StringBuilder text)
    {
        foreach (var (key, value) in fields) text.Append(key).Append(": ").Append(value).Append("\r\n");
    }
}
