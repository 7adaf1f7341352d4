using Srs.Fuzz.Targets.Targets;

namespace Srs.Fuzz.Targets;

/// <summary>Every target, by name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new HandshakeTarget(),
        new ChunksTarget(),
        new Amf0Target(),
        new FlvTarget(),
        new H264Target(),
        new AacTarget(),
        new HlsMuxTarget(),
        new IngestTarget(),
        new MediaPathTarget(),
        new StreamNameTarget(),
        new M3u8Target(),
        new RtspTarget(),
        new SdpTarget(),
        new RtpTarget(),
        new RtpH265Target(),
        new RtpLatmTarget(),
        new DtlsRecordTarget(),
        new StunTarget(),
        new RtcpTarget(),
        new SrtpTarget(),
        new WhepOfferTarget(),
    ];

    public static FuzzTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"no fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}", nameof(name));
}
