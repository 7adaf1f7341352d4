using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;

namespace Srs.Actors.Tests.Media.Rtp;

public sealed class LatmDepacketizerTests
{
    private static readonly LatmStreamMuxConfig Config = LatmStreamMuxConfig.Parse(Hex.Bytes("400023203fc0")); // ffmpeg's, 48 kHz stereo

    private static RtpPacket Packet(ushort seq, uint ts, bool marker, byte[] payload) => new(marker, 97, seq, ts, 1, payload);

    /// <summary>One AudioMuxElement of one subframe: PayloadLengthInfo (255s, then the rest), then the frame.</summary>
    private static byte[] Element(byte[] frame)
    {
        var bytes = new List<byte>();
        int size = frame.Length;
        for (; size >= 255; size -= 255) bytes.Add(255);
        bytes.Add((byte)size);
        bytes.AddRange(frame);
        return [.. bytes];
    }

    private static byte[] Frame(int size, byte seed) => Enumerable.Range(0, size).Select(i => (byte)(i * 7 + seed)).ToArray();

    private static List<string> Run(LatmDepacketizer d, params RtpPacket[] packets)
    {
        var output = new List<RtpMediaUnit>();
        foreach (var p in packets) d.Push(p, output);
        return output.Select(u => $"{u.Timestamp}:{Hex.Of(u.Parts.Single().Span)}").ToList();
    }

    [Fact]
    public void Elements_one_a_packet_several_a_packet_and_lengths_past_255_give_the_frames()
    {
        var d = new LatmDepacketizer(Config, 1024);
        byte[] a = Frame(10, 1), b = Frame(255, 2), c = Frame(600, 3);
        var output = Run(d,
            Packet(1, 0, true, Element(a)),
            Packet(2, 1024, true, [.. Element(b), .. Element(c)])); // two elements: the second is one frame later
        Assert.Equal([$"0:{Hex.Of(a)}", $"1024:{Hex.Of(b)}", $"2048:{Hex.Of(c)}"], output);
    }

    [Fact]
    public void An_element_fragmented_over_packets_is_joined_at_the_marker_and_dropped_if_a_fragment_was_lost()
    {
        var frame = Frame(3000, 4);
        var element = Element(frame);
        var d = new LatmDepacketizer(Config, 1024);
        var whole = Run(d, Packet(1, 0, false, element[..1000]), Packet(2, 0, false, element[1000..2000]), Packet(3, 0, true, element[2000..]));
        Assert.Equal([$"0:{Hex.Of(frame)}"], whole);

        var next = Frame(20, 5);
        var lost = Run(d, Packet(4, 1024, false, element[..1000]), Packet(6, 1024, true, element[2000..]), Packet(7, 2048, true, Element(next)));
        Assert.Equal([$"2048:{Hex.Of(next)}"], lost);
        Assert.Equal(1, d.DroppedElements);
    }

    [Fact]
    public void A_length_past_the_element_and_an_endless_element_are_invalid_data()
    {
        var d = new LatmDepacketizer(Config, 1024);
        Assert.Throws<InvalidDataException>(() => d.Push(Packet(1, 0, true, [50, 1, 2, 3]), []));
        var chunk = new byte[1400];
        var endless = new LatmDepacketizer(Config, 1024);
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            for (ushort i = 0; i < 100; i++) endless.Push(Packet(i, 0, false, chunk), []);
        });
        Assert.Contains("over 64 KB", error.Message);
    }
}
