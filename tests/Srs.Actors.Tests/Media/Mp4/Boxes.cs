using System.Buffers.Binary;
using System.Text;

namespace Srs.Actors.Tests.Media.Mp4;

/// <summary>A test's view of an MP4: every box with its path (<c>moov/trak/tkhd</c>), size and payload after its header.</summary>
internal static class Boxes
{
    // Boxes whose payload is made of boxes (after a fixed prefix for stsd and dref).
    private static readonly Dictionary<string, int> Containers = new()
    {
        ["moov"] = 0,
        ["trak"] = 0,
        ["mdia"] = 0,
        ["minf"] = 0,
        ["dinf"] = 0,
        ["stbl"] = 0,
        ["mvex"] = 0,
        ["moof"] = 0,
        ["traf"] = 0,
        ["stsd"] = 8,
        ["dref"] = 8,
        ["mp4a"] = 28,
        ["Opus"] = 28,
        ["avc1"] = 78,
        ["hvc1"] = 78,
    };

    public sealed record Box(string Path, int Size, byte[] Payload);

    public static List<Box> Read(byte[] data)
    {
        var boxes = new List<Box>();
        Walk(data, 0, data.Length, "", boxes);
        return boxes;
    }

    public static int Int32At(byte[] payload, int offset) => BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(offset));

    public static string TypeAt(byte[] payload, int offset) => Encoding.ASCII.GetString(payload, offset, 4);

    private static void Walk(byte[] data, int start, int end, string parent, List<Box> boxes)
    {
        int offset = start;
        while (offset + 8 <= end)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
            Assert.InRange(size, 8, end - offset);
            string type = Encoding.ASCII.GetString(data, offset + 4, 4);
            string path = parent.Length == 0 ? type : parent + "/" + type;
            boxes.Add(new Box(path, size, data[(offset + 8)..(offset + size)]));
            if (Containers.TryGetValue(type, out int skip)) Walk(data, offset + 8 + skip, offset + size, path, boxes);
            offset += size;
        }

        Assert.Equal(end, offset);
    }
}
