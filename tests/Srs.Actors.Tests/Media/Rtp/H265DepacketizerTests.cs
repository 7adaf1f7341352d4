using Srs.Actors.Media;
using Srs.Actors.Media.Rtp;
using Srs.Actors.Tests.Media.H265;

namespace Srs.Actors.Tests.Media.Rtp;

/// <summary>RFC 7798 depacketizing on packets made from a real libx265 clip (Samples/x265.h265): 160x96, an IDR, four P, a CRA, four P.</summary>
public sealed class H265DepacketizerTests
{
    private static List<List<ReadOnlyMemory<byte>>> Units => HevcClip.AccessUnits();

    private static List<string[]> Run(H265Depacketizer d, IEnumerable<RtpPacket> packets)
    {
        var output = new List<RtpMediaUnit>();
        foreach (var p in packets) d.Push(p, output);
        return output.Select(u => u.Parts.Select(n => Hex.Of(n.Span)).ToArray()).ToList();
    }

    private static string[] HexOf(IEnumerable<ReadOnlyMemory<byte>> nals) => nals.Select(n => Hex.Of(n.Span)).ToArray();

    /// <summary>Each access unit through our packetizer: parameter sets in one aggregation packet, big slices as FUs.</summary>
    private static List<RtpPacket> Packetize(List<List<ReadOnlyMemory<byte>>> units)
    {
        var packetizer = new H265Packetizer(96, 7, 65530); // the sequence numbers wrap on the way
        var packets = new List<RtpPacket>();
        for (int i = 0; i < units.Count; i++)
        {
            uint ts = (uint)(i * 3600);
            var sets = units[i].Where(n => HevcNal.TypeOf(n.Span) is HevcNal.Vps or HevcNal.Sps or HevcNal.Pps).ToList();
            var rest = units[i].Except(sets).ToList();
            if (sets.Count > 0) packetizer.Aggregate(sets, ts, packets.Add);
            packetizer.Packetize(rest, ts, packets.Add);
        }
        return packets;
    }

    [Fact]
    public void Our_packetizers_packets_of_a_real_clip_give_back_its_access_units()
    {
        var units = Units;
        var packets = Packetize(units);
        Assert.Contains(packets, p => (p.Payload.Span[0] >> 1) == 48); // an aggregation packet
        Assert.Contains(packets, p => (p.Payload.Span[0] >> 1) == 49 && (p.Payload.Span[2] & 0x80) != 0); // an FU start
        var d = new H265Depacketizer();
        var output = Run(d, packets);
        var expected = units.Select(u => u.OrderBy(n => HevcNal.TypeOf(n.Span) is HevcNal.Vps or HevcNal.Sps or HevcNal.Pps ? 0 : 1).ToList()).ToList();
        Assert.Equal(expected.Select(HexOf), output);
        Assert.Equal(0, d.DroppedUnits);
    }

    /// <summary>A slice in three FUs: start, middle, end.</summary>
    private static List<RtpPacket> Fragments(ReadOnlyMemory<byte> nal, ushort seq, uint ts, bool marker)
    {
        var span = nal.Span;
        int type = HevcNal.TypeOf(span);
        var body = span[2..].ToArray();
        int third = body.Length / 3;
        var parts = new[] { body[..third], body[third..(2 * third)], body[(2 * third)..] };
        var packets = new List<RtpPacket>();
        for (int i = 0; i < 3; i++)
        {
            var payload = new byte[3 + parts[i].Length];
            payload[0] = (byte)((span[0] & 0x81) | (49 << 1));
            payload[1] = span[1];
            payload[2] = (byte)((i == 0 ? 0x80 : 0) | (i == 2 ? 0x40 : 0) | type);
            parts[i].CopyTo(payload, 3);
            packets.Add(new RtpPacket(marker && i == 2, 96, (ushort)(seq + i), ts, 7, payload));
        }
        return packets;
    }

    private static RtpPacket Single(ReadOnlyMemory<byte> nal, ushort seq, uint ts, bool marker) => new(marker, 96, seq, ts, 7, nal);

    /// <summary>Every access unit as single NAL units, its slice as start/middle/end FUs.</summary>
    private static List<RtpPacket> Fragmented(List<List<ReadOnlyMemory<byte>>> units)
    {
        var packets = new List<RtpPacket>();
        ushort seq = 100;
        for (int i = 0; i < units.Count; i++)
        {
            uint ts = (uint)(i * 3600);
            var unit = units[i];
            for (int n = 0; n < unit.Count; n++)
            {
                bool last = n == unit.Count - 1;
                if (HevcNal.IsPicture(HevcNal.TypeOf(unit[n].Span)))
                {
                    var fus = Fragments(unit[n], seq, ts, last);
                    packets.AddRange(fus);
                    seq += 3;
                }
                else packets.Add(Single(unit[n], seq++, ts, last));
            }
        }
        return packets;
    }

    [Fact]
    public void Start_middle_and_end_fragments_rebuild_each_slice()
    {
        var units = Units;
        Assert.Equal(units.Select(HexOf), Run(new H265Depacketizer(), Fragmented(units)));
    }

    [Fact]
    public void A_lost_middle_fragment_drops_that_access_unit_and_pictures_until_the_next_irap()
    {
        var units = Units;
        var packets = Fragmented(units);
        // The middle fragment of the third picture's slice (a P picture): it and the two after it go, the CRA restarts.
        int unitStart = packets.FindIndex(p => p.Timestamp == 2 * 3600);
        int middle = packets.FindIndex(unitStart, p => (p.Payload.Span[0] >> 1) == 49 && (p.Payload.Span[2] & 0xC0) == 0);
        var d = new H265Depacketizer();
        var output = Run(d, packets.Where((_, i) => i != middle));
        Assert.Equal(units.Where((_, i) => i is not (2 or 3 or 4)).Select(HexOf), output);
        Assert.Equal(3, d.DroppedUnits);
        Assert.True(HevcNal.IsRandomAccess(HevcNal.TypeOf(Hex.Bytes(output[2].First(n => HevcNal.IsPicture(HevcNal.TypeOf(Hex.Bytes(n))))))));
    }

    [Fact]
    public void Pictures_before_the_first_irap_are_not_passed_on()
    {
        var units = Units;
        var packets = Fragmented(units).Where(p => p.Timestamp >= 3600).ToList(); // joined after the IDR
        Assert.Equal(units.Skip(5).Select(HexOf), Run(new H265Depacketizer(), packets));
    }

    [Fact]
    public void An_endless_fragmentation_unit_is_bounded()
    {
        var d = new H265Depacketizer();
        var output = new List<RtpMediaUnit>();
        var chunk = new byte[1400];
        chunk[0] = 49 << 1;
        chunk[1] = 1;
        chunk[2] = 0x80 | 1; // start of a TRAIL_R slice
        d.Push(new RtpPacket(false, 96, 0, 0, 7, chunk.ToArray()), output);
        chunk[2] = 1; // middles, never an end
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            for (int i = 1; i < 10_000; i++) d.Push(new RtpPacket(false, 96, (ushort)i, 0, 7, chunk), output);
        });
        Assert.Contains("over 8 MB", error.Message);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("60 01 00 05 4001 0C01")] // an AP whose NAL size runs past the packet
    [InlineData("62 01 80")] // an FU with no payload
    [InlineData("60")] // a payload header cut short
    public void Malformed_payloads_are_invalid_data(string payload)
    {
        var d = new H265Depacketizer();
        Assert.Throws<InvalidDataException>(() => d.Push(new RtpPacket(true, 96, 1, 0, 7, Hex.Bytes(payload)), []));
    }
}
