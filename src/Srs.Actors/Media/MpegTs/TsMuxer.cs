using System.Buffers;

namespace Srs.Actors.Media.MpegTs;

/// <summary>
/// MPEG-TS writer for one program (ISO 13818-1) with at most one H.264 and one audio stream, laid out as SRS does:
/// PMT on PID 0x1001, video on 0x100, audio on 0x101, program number 1. It owns the continuity counters, so use one
/// muxer per output stream (an HLS muxer keeps one across segments, making segments concatenate cleanly).
/// Timestamps are in 90 kHz units and wrap at 33 bits. Not thread-safe; allocates nothing per packet.
/// </summary>
public sealed class TsMuxer
{
    private readonly bool hasVideo;
    private readonly TsAudioCodec audio;
    private readonly byte audioStreamType;
    private readonly ushort pcrPid;

    private byte patCounter;
    private byte pmtCounter;
    private byte videoCounter;
    private byte audioCounter;

    public TsMuxer(bool hasVideo, TsAudioCodec audio)
    {
        audioStreamType = audio switch
        {
            TsAudioCodec.None => 0,
            TsAudioCodec.Aac => TsFormat.StreamTypeAacAdts,
            TsAudioCodec.Mp3 => TsFormat.StreamTypeMpeg2Audio,
            _ => throw new ArgumentOutOfRangeException(nameof(audio), audio, "Unknown audio codec."),
        };

        if (!hasVideo && audio == TsAudioCodec.None)
        {
            throw new ArgumentException("A program needs at least one elementary stream.", nameof(audio));
        }

        this.hasVideo = hasVideo;
        this.audio = audio;

        // The PCR rides on the stream that is always there and that players sync on: video when present.
        pcrPid = hasVideo ? TsFormat.VideoPid : TsFormat.AudioPid;
    }

    /// <summary>
    /// Writes the PAT and the PMT, one packet each. Call at the start of the stream and of every HLS segment, since a
    /// player may start at any segment and needs the tables before the first PES.
    /// </summary>
    public void WriteTables(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);

        ProgramTables.WritePat(output.GetSpan(TsFormat.PacketSize), patCounter);
        output.Advance(TsFormat.PacketSize);
        patCounter = (byte)((patCounter + 1) & 0x0F);

        byte videoType = this.hasVideo ? TsFormat.StreamTypeH264 : (byte)0;
        ProgramTables.WritePmt(output.GetSpan(TsFormat.PacketSize), pmtCounter, pcrPid, videoType, audioStreamType);
        output.Advance(TsFormat.PacketSize);
        pmtCounter = (byte)((pmtCounter + 1) & 0x0F);
    }

    /// <summary>
    /// Writes one H.264 access unit in Annex B form (see <see cref="AvcToAnnexB"/>) as one PES. Its first packet carries
    /// the PCR (equal to the DTS) and, for <paramref name="randomAccess"/>, the random_access_indicator that tells a
    /// player it may start decoding here.
    /// </summary>
    public void WriteVideo(IBufferWriter<byte> output, long dts90k, long pts90k, bool randomAccess, ReadOnlySpan<byte> annexB)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!this.hasVideo)
        {
            throw new InvalidOperationException("This muxer was created without video.");
        }

        Span<byte> header = stackalloc byte[PesHeader.MaxSize];
        int headerSize = PesHeader.Write(header, TsFormat.StreamIdVideo, pts90k, dts90k, annexB.Length, unboundedAllowed: true);
        TsPacketizer.WritePes(output, TsFormat.VideoPid, ref videoCounter, header[..headerSize], annexB, dts90k, randomAccess);
    }

    /// <summary>
    /// Writes audio (one or more ADTS frames for AAC, MPEG audio frames for MP3) as one PES; audio has no reordering,
    /// so PTS = DTS and no DTS is written. In an audio-only program each audio PES also carries the PCR. Audio PES
    /// packets must state their length, so more than 65527 bytes at once throws <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public void WriteAudio(IBufferWriter<byte> output, long pts90k, ReadOnlySpan<byte> es)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (this.audio == TsAudioCodec.None)
        {
            throw new InvalidOperationException("This muxer was created without audio.");
        }

        Span<byte> header = stackalloc byte[PesHeader.MaxSize];
        int headerSize = PesHeader.Write(header, TsFormat.StreamIdAudio, pts90k, pts90k, es.Length, unboundedAllowed: false);
        long? pcr = this.hasVideo ? null : pts90k;
        TsPacketizer.WritePes(output, TsFormat.AudioPid, ref audioCounter, header[..headerSize], es, pcr, randomAccess: false);
    }
}
