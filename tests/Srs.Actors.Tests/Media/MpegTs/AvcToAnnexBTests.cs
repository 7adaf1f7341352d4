using System.Buffers;
using Srs.Actors.Media;

namespace Srs.Actors.Tests.Media.MpegTs;

public sealed class AvcToAnnexBTests
{
    private static readonly byte[] Sps = Hex.Bytes("67 42 C0 1E DA 02 80");
    private static readonly byte[] Pps = Hex.Bytes("68 CE 3C 80");
    private static readonly byte[] Sei = Hex.Bytes("06 05 01 AA 80");
    private static readonly byte[] Idr = Hex.Bytes("65 88 84 00 33");
    private static readonly byte[] Slice = Hex.Bytes("41 9A 02 04");
    private static readonly byte[] OwnAud = Hex.Bytes("09 10");

    private const string Aud = "00000001 09F0";

    [Fact]
    public void KeyFrameGetsAudThenParameterSetsThenItsNalUnits()
    {
        var converter = Converter();
        var output = new ArrayBufferWriter<byte>();

        bool converted = converter.TryConvert(Frame(keyFrame: true, 40, Sei, Idr), output, out bool keyFrame, out int cts);

        Assert.True(converted);
        Assert.True(keyFrame);
        Assert.Equal(40, cts);
        Assert.Equal(
            Expected(Aud, "00000001 6742C01EDA0280", "00000001 68CE3C80", "00000001 060501AA80", "00000001 6588840033"),
            Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void NonIdrFrameGetsNoParameterSets()
    {
        var converter = Converter();
        var output = new ArrayBufferWriter<byte>();

        Assert.True(converter.TryConvert(Frame(keyFrame: false, -40, Slice), output, out bool keyFrame, out int cts));

        Assert.False(keyFrame);
        Assert.Equal(-40, cts);
        Assert.Equal(Expected(Aud, "00000001 419A0204"), Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void KeyFrameCarryingItsOwnParameterSetsIsNotGivenSecondCopies()
    {
        var converter = Converter();
        var output = new ArrayBufferWriter<byte>();
        byte[] newSps = Hex.Bytes("67 4D 40 1F");

        Assert.True(converter.TryConvert(Frame(keyFrame: true, 0, newSps, Pps, Idr), output, out _, out _));

        Assert.Equal(Expected(Aud, "00000001 674D401F", "00000001 68CE3C80", "00000001 6588840033"), Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void TheFramesOwnAccessUnitDelimiterIsReplaced()
    {
        var converter = Converter();
        var output = new ArrayBufferWriter<byte>();

        Assert.True(converter.TryConvert(Frame(keyFrame: false, 0, OwnAud, Slice), output, out _, out _));

        Assert.Equal(Expected(Aud, "00000001 419A0204"), Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void IdrIsAKeyFrameEvenWhenFlvSaysInterFrame()
    {
        var converter = Converter();
        var output = new ArrayBufferWriter<byte>();

        Assert.True(converter.TryConvert(Frame(keyFrame: false, 0, Idr), output, out bool keyFrame, out _));

        Assert.True(keyFrame);
        Assert.StartsWith(Expected(Aud, "00000001 6742C01EDA0280"), Hex.Of(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void HonoursTwoByteNalLengths()
    {
        var config = new AvcDecoderConfig(0x42, 0xC0, 0x1E, 2, [Sps], [Pps]);
        var converter = new AvcToAnnexB();
        converter.SetSequenceHeader(AvcPayload.SequenceHeader(config));
        var output = new ArrayBufferWriter<byte>();
        byte[] body = [0x27, 0x01, 0, 0, 0, .. Hex.Bytes("00 04"), .. Slice];

        Assert.True(converter.TryConvert(body, output, out _, out _));

        Assert.Equal(Expected(Aud, "00000001 419A0204"), Hex.Of(output.WrittenSpan));
    }

    [Fact]
    public void DeclinesWhatIsNotAFrame()
    {
        var output = new ArrayBufferWriter<byte>();
        var fresh = new AvcToAnnexB();
        Assert.False(fresh.TryConvert(Frame(keyFrame: true, 0, Idr), output, out _, out _)); // no sequence header yet

        var converter = Converter();
        byte[] sequenceHeader = AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Sps, Pps));
        Assert.False(converter.TryConvert(sequenceHeader, output, out _, out _));
        Assert.False(converter.TryConvert(Hex.Bytes("17 02 00 00 00"), output, out _, out _)); // end of sequence
        Assert.False(converter.TryConvert(Hex.Bytes("12 00 01"), output, out _, out _)); // Sorenson H.263
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void TruncatedFrameThrowsWithoutWriting()
    {
        var converter = Converter();
        var output = new ArrayBufferWriter<byte>();
        byte[] body = [.. Frame(keyFrame: false, 0, Slice), 0x00, 0x00, 0x00, 0x09, 0x41];

        Assert.Throws<InvalidDataException>(() => converter.TryConvert(body, output, out _, out _));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void SetSequenceHeaderRejectsOtherBodies()
    {
        var converter = new AvcToAnnexB();
        Assert.Throws<ArgumentException>(() => converter.SetSequenceHeader(Frame(keyFrame: true, 0, Idr)));
        Assert.False(converter.HasSequenceHeader);
    }

    private static AvcToAnnexB Converter()
    {
        var converter = new AvcToAnnexB();
        converter.SetSequenceHeader(AvcPayload.SequenceHeader(AvcDecoderConfig.FromParameterSets(Sps, Pps)));
        Assert.True(converter.HasSequenceHeader);
        return converter;
    }

    private static byte[] Frame(bool keyFrame, int compositionTime, params byte[][] nals) =>
        AvcPayload.FromNalUnits([.. nals.Select(n => (ReadOnlyMemory<byte>)n)], keyFrame, compositionTime);

    private static string Expected(params string[] parts) => string.Concat(parts).Replace(" ", "", StringComparison.Ordinal);
}
