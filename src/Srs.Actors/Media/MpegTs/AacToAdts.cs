using System.Buffers;

namespace Srs.Actors.Media.MpegTs;

/// <summary>
/// Turns legacy FLV/RTMP AAC bodies into ADTS frames (ISO 14496-3 1.A.2), the form MPEG-TS stream type 0x0F carries:
/// FLV sends the AudioSpecificConfig once, ADTS repeats what a decoder needs in front of every frame. One instance
/// per stream.
/// </summary>
public sealed class AacToAdts
{
    private const int FlvHeaderSize = 2; // sound format/rate/size/type, AACPacketType
    private const int FormatAac = 10;
    private const int PacketSequenceHeader = 0;
    private const int PacketRaw = 1;
    private const int AdtsHeaderSize = 7;

    private AudioSpecificConfig? config;

    /// <summary>The accepted AudioSpecificConfig, or null before the first sequence header.</summary>
    public AudioSpecificConfig? Config => this.config;

    /// <summary>
    /// Takes the AudioSpecificConfig of an AAC sequence header body (AF 00 + config); a later call replaces it.
    /// Throws <see cref="InvalidDataException"/>, keeping the previous config, for a config that is malformed or that
    /// ADTS cannot carry (AAC-LD, an explicit sampling rate, ...).
    /// </summary>
    public void SetSequenceHeader(ReadOnlySpan<byte> flvAudioBody)
    {
        if (flvAudioBody.Length < FlvHeaderSize || flvAudioBody[0] >> 4 != FormatAac || flvAudioBody[1] != PacketSequenceHeader)
        {
            throw new ArgumentException("Expected a legacy FLV AAC sequence header body (Ax 00 ...).", nameof(flvAudioBody));
        }

        var config = AudioSpecificConfig.Parse(flvAudioBody[FlvHeaderSize..]);
        if (AdtsHeader.WhyNotCarried(config) is { } reason)
        {
            throw new InvalidDataException(reason);
        }

        this.config = config;
    }

    /// <summary>
    /// Appends one ADTS frame (7-byte header, no CRC, then the raw frame) for an AAC raw body (AF 01 + frame). Returns
    /// false, writing nothing, for sequence headers, non-AAC or empty bodies and frames before any sequence header.
    /// A frame too long for ADTS throws <see cref="InvalidDataException"/>, also without writing anything.
    /// </summary>
    public bool TryConvert(ReadOnlySpan<byte> flvAudioBody, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (this.config is null
            || flvAudioBody.Length <= FlvHeaderSize
            || flvAudioBody[0] >> 4 != FormatAac
            || flvAudioBody[1] != PacketRaw)
        {
            return false;
        }

        var frame = flvAudioBody[FlvHeaderSize..];
        if (frame.Length > AdtsHeader.MaxPayloadLength)
        {
            throw new InvalidDataException($"AAC frame of {frame.Length} bytes is longer than an ADTS frame can be ({AdtsHeader.MaxPayloadLength}).");
        }

        var destination = output.GetSpan(AdtsHeaderSize + frame.Length);
        AdtsHeader.Write(destination, this.config, frame.Length);
        frame.CopyTo(destination[AdtsHeaderSize..]);
        output.Advance(AdtsHeaderSize + frame.Length);
        return true;
    }
}
