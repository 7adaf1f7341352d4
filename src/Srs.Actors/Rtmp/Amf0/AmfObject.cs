using System.Collections;

namespace Srs.Actors.Rtmp.Amf0;

/// <summary>
/// An AMF0 anonymous object (marker 0x03), or a typed object (0x10) when <see cref="ClassName"/>
/// is set. Properties keep wire order because some peers (FMLE, older Flash players) are
/// sensitive to it, and re-encoding a decoded object should reproduce the original bytes.
/// </summary>
/// <remarks>
/// Lookup is a linear scan: RTMP objects hold a handful of properties, where a scan beats
/// hashing and keeps reading allocation-free beyond the list itself. <see cref="Add"/> appends
/// without checking for duplicates so that decoding stays O(n) and a peer's duplicate keys
/// survive a round trip; lookups see the first occurrence.
/// </remarks>
public class AmfObject : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> properties;

    public AmfObject()
    {
        this.properties = [];
    }

    public AmfObject(int capacity)
    {
        this.properties = new List<KeyValuePair<string, object?>>(capacity);
    }

    /// <summary>Class name of a typed object; <c>null</c> for an anonymous object.</summary>
    public string? ClassName { get; set; }

    public int Count => this.properties.Count;

    /// <summary>Gets the first property named <paramref name="key"/> (null when absent), or
    /// replaces it in place / appends it when setting.</summary>
    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set
        {
            int index = IndexOf(key);
            var property = new KeyValuePair<string, object?>(key, value);
            if (index >= 0)
            {
                this.properties[index] = property;
            }
            else
            {
                this.properties.Add(property);
            }
        }
    }

    /// <summary>Appends a property; returns this so replies can be built fluently.</summary>
    public AmfObject Add(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.properties.Add(new KeyValuePair<string, object?>(key, value));
        return this;
    }

    public bool TryGetValue(string key, out object? value)
    {
        int index = IndexOf(key);
        if (index >= 0)
        {
            value = this.properties[index].Value;
            return true;
        }

        value = null;
        return false;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Removes the first property named <paramref name="key"/>.</summary>
    public bool Remove(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        this.properties.RemoveAt(index);
        return true;
    }

    public string? GetString(string key) => this[key] as string;

    /// <summary>The property as a number; integral CLR values set by local code count too.</summary>
    public double? GetNumber(string key) => AmfNumber.TryToDouble(this[key], out double number) ? number : null;

    public bool? GetBoolean(string key) => this[key] is bool flag ? flag : null;

    /// <summary>Struct enumerator so hot paths (the writer) iterate without allocating.</summary>
    public List<KeyValuePair<string, object?>>.Enumerator GetEnumerator() => this.properties.GetEnumerator();

    IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        var properties = this.properties;
        for (int i = 0; i < properties.Count; i++)
        {
            if (string.Equals(properties[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
