using Srs.Actors.Rtmp.Amf0;

namespace Srs.Actors.Tests.Rtmp.Amf0;

public sealed class AmfObjectTests
{
    [Fact]
    public void Keeps_insertion_order()
    {
        var obj = new AmfObject { { "z", 1.0 }, { "a", 2.0 }, { "m", 3.0 } };
        var keys = new List<string>();
        foreach (var property in obj)
        {
            keys.Add(property.Key);
        }

        Assert.Equal(["z", "a", "m"], keys);
    }

    [Fact]
    public void Indexer_returns_null_when_absent_and_replaces_in_place()
    {
        var obj = new AmfObject { { "a", 1.0 }, { "b", 2.0 } };
        Assert.Null(obj["missing"]);

        obj["a"] = "replaced";
        obj["c"] = true;

        Assert.Equal(3, obj.Count);
        Assert.Equal("replaced", obj["a"]);
        Assert.Equal(Amf0Writer.Encode(new AmfObject { { "a", "replaced" }, { "b", 2.0 }, { "c", true } }), Amf0Writer.Encode(obj));
    }

    [Fact]
    public void TryGetValue_distinguishes_null_from_absent()
    {
        var obj = new AmfObject { { "nil", null } };

        Assert.True(obj.TryGetValue("nil", out var value));
        Assert.Null(value);
        Assert.False(obj.TryGetValue("absent", out _));
        Assert.True(obj.ContainsKey("nil"));
    }

    [Fact]
    public void Keys_are_case_sensitive()
    {
        var obj = new AmfObject { { "tcUrl", "rtmp://h/app" } };
        Assert.Null(obj["tcurl"]);
    }

    [Fact]
    public void Typed_getters()
    {
        var obj = new AmfObject { { "s", "x" }, { "n", 2.5 }, { "i", 7 }, { "b", true } };

        Assert.Equal("x", obj.GetString("s"));
        Assert.Null(obj.GetString("n"));
        Assert.Equal(2.5, obj.GetNumber("n"));
        Assert.Equal(7.0, obj.GetNumber("i"));
        Assert.Null(obj.GetNumber("s"));
        Assert.True(obj.GetBoolean("b"));
        Assert.Null(obj.GetBoolean("s"));
        Assert.Null(obj.GetNumber("absent"));
    }

    [Fact]
    public void Add_chains_and_Remove_deletes_first_match()
    {
        var obj = new AmfObject().Add("a", 1.0).Add("b", 2.0);
        Assert.Equal(2, obj.Count);

        Assert.True(obj.Remove("a"));
        Assert.False(obj.Remove("a"));
        Assert.Equal(1, obj.Count);
        Assert.Equal(2.0, obj["b"]);
    }

    [Fact]
    public void Ecma_array_is_an_object()
    {
        AmfObject array = new AmfEcmaArray { { "duration", 0.0 } };
        Assert.Equal(0.0, array.GetNumber("duration"));
    }
}
