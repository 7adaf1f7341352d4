using Srs.Actors.Media;

namespace Srs.Actors.Rtmp.Client;

/// <summary>
/// Publishes a camera's raw H.264 (Annex B byte stream) and AAC (ADTS) through a publishing <see cref="RtmpClient"/>,
/// turning them into the FLV/RTMP form players expect: AVC and AAC sequence headers, then length-prefixed frames.
/// What srs-librtmp's <c>srs_h264_write_raw_frames</c> and <c>srs_audio_write_raw_frame</c> did.
/// </summary>
/// <remarks>Not thread-safe: one caller writes video and audio in order (as a demuxer or camera loop does).</remarks>
public sealed class H264Publisher(RtmpClient client)
{
    private readonly RtmpClient client = client ?? throw new ArgumentNullException(nameof(client));

    // Reused for every access unit: splitting collects NAL units without allocating per frame.
    private readonly List<Range> ranges = new(8);
    private readonly List<ReadOnlyMemory<byte>> nals = new(8);
    private readonly AvcTagBuilder tags = new();

    // A sequence header waits for the next picture, so an SPS and a PPS written in separate calls make one header.
    private byte[]? pendingVideoHeader;
    private byte[]? sentVideoHeader;
    private AudioSpecificConfig? sentAudioConfig;

    /// <summary>
    /// Sends one access unit: the Annex B NAL units of one picture (with start codes). Access unit delimiters and
    /// filler data are dropped; SPS and PPS are remembered and sent as an AVC sequence header when they first appear or
    /// change (see <see cref="H264WriteResult"/> for the outcomes). A frame with an IDR slice is sent as a keyframe.
    /// </summary>
    /// <param name="annexBFrame">The access unit; not used after the returned task completes.</param>
    /// <param name="dts">Decode timestamp in milliseconds: the RTMP timestamp.</param>
    /// <param name="pts">Presentation timestamp in milliseconds; <c>pts - dts</c> becomes the composition time.</param>
    /// <exception cref="InvalidOperationException">The client is not publishing.</exception>
    public async ValueTask<H264WriteResult> WriteFrameAsync(ReadOnlyMemory<byte> annexBFrame, uint dts, uint pts, CancellationToken ct = default)
    {
        ranges.Clear();
        nals.Clear();
        AnnexB.Split(annexBFrame.Span, ranges);
        foreach (var range in ranges)
        {
            nals.Add(annexBFrame[range]);
        }

        var tags = this.tags.Build(nals, unchecked((int)(pts - dts)));
        nals.Clear();
        if (tags.SequenceHeader is not null)
        {
            pendingVideoHeader = tags.SequenceHeader;
        }

        if (tags.Frame is null)
        {
            return ToResult(tags.Outcome);
        }

        // A change back to what players already have sends nothing.
        if (pendingVideoHeader is not null && !pendingVideoHeader.AsSpan().SequenceEqual(sentVideoHeader))
        {
            await this.client.WriteMediaAsync(MediaKind.Video, dts, pendingVideoHeader, ct).ConfigureAwait(false);
            sentVideoHeader = pendingVideoHeader;
        }

        pendingVideoHeader = null;
        await this.client.WriteMediaAsync(MediaKind.Video, dts, tags.Frame, ct).ConfigureAwait(false);
        return H264WriteResult.Written;
    }

    /// <summary>
    /// Sends every ADTS frame in <paramref name="adtsFrames"/>: an AAC sequence header first (the AudioSpecificConfig
    /// built from the ADTS header), again only if the stream's profile, rate or channels change, then each frame
    /// without its ADTS header. Frames after the first are stamped 1024 samples apart, as AAC frames are.
    /// </summary>
    /// <param name="timestamp">Milliseconds, for the first frame.</param>
    /// <returns>How many frames were sent.</returns>
    /// <exception cref="InvalidDataException">The data is not a whole number of ADTS frames.</exception>
    /// <exception cref="InvalidOperationException">The client is not publishing.</exception>
    public async ValueTask<int> WriteAacAsync(ReadOnlyMemory<byte> adtsFrames, uint timestamp, CancellationToken ct = default)
    {
        int offset = 0;
        int frames = 0;
        while (offset < adtsFrames.Length)
        {
            var header = ReadAdtsHeader(adtsFrames.Span[offset..], offset);
            var config = ToAudioSpecificConfig(header);
            if (!config.Equals(sentAudioConfig))
            {
                await this.client.WriteMediaAsync(MediaKind.Audio, timestamp, AacPayload.SequenceHeader(config), ct).ConfigureAwait(false);
                sentAudioConfig = config;
            }

            // Milliseconds of the frames before this one, from the sample count rather than accumulated rounding.
            uint at = unchecked(timestamp + (uint)((long)frames * 1024 * 1000 / config.SampleRate));
            var raw = adtsFrames.Slice(offset + header.HeaderLength, header.FrameLength - header.HeaderLength);
            await this.client.WriteMediaAsync(MediaKind.Audio, at, AacPayload.Raw(config, raw.Span), ct).ConfigureAwait(false);
            offset += header.FrameLength;
            frames++;
        }

        return frames;
    }

    private static H264WriteResult ToResult(AvcOutcome outcome) => outcome switch
    {
        AvcOutcome.NoParameterSetsYet => H264WriteResult.NoSpsPpsYet,
        AvcOutcome.ParameterSetsChanged => H264WriteResult.ParameterSetsStored,
        AvcOutcome.DuplicatedSps => H264WriteResult.DuplicatedSps,
        AvcOutcome.DuplicatedPps => H264WriteResult.DuplicatedPps,
        _ => H264WriteResult.Empty,
    };

    private static AdtsHeader ReadAdtsHeader(ReadOnlySpan<byte> data, int offset)
    {
        if (!AdtsHeader.TryParse(data, out var header))
        {
            throw new InvalidDataException($"no ADTS header at offset {offset} ({Math.Min(data.Length, 7)} bytes: {Convert.ToHexString(data[..Math.Min(data.Length, 7)])}).");
        }

        if (header.FrameLength > data.Length)
        {
            throw new InvalidDataException($"the ADTS frame at offset {offset} declares {header.FrameLength} bytes; only {data.Length} remain.");
        }

        return header;
    }

    private static AudioSpecificConfig ToAudioSpecificConfig(AdtsHeader header)
    {
        // TryParse accepted the header, so its rate index maps to a rate.
        AacSampleRates.TryGetRate(header.SampleRateIndex, out int rate);
        return new AudioSpecificConfig(header.ObjectType, header.SampleRateIndex, rate, header.Channels);
    }
}
