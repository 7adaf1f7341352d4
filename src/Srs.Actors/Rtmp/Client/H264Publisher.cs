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
    private readonly RtmpClient _client = client ?? throw new ArgumentNullException(nameof(client));

    // Reused for every access unit: splitting and collecting NAL units allocates nothing per frame.
    private readonly List<Range> _ranges = new(8);
    private readonly List<ReadOnlyMemory<byte>> _pictureNals = new(8);

    private byte[]? _sps;
    private byte[]? _pps;
    private bool _parameterSetsChanged;
    private AvcDecoderConfig? _sentVideoConfig;
    private AudioSpecificConfig? _sentAudioConfig;

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
        (H264WriteResult verdict, bool keyFrame) = Classify(annexBFrame);
        if (verdict != H264WriteResult.Written)
        {
            return verdict;
        }

        if (_parameterSetsChanged)
        {
            // Built only when the sets changed, not per frame. A change back to what players already have sends nothing.
            AvcDecoderConfig config = AvcDecoderConfig.FromParameterSets(_sps, _pps);
            if (!config.Equals(_sentVideoConfig))
            {
                await _client.WriteMediaAsync(MediaKind.Video, dts, AvcPayload.SequenceHeader(config), ct).ConfigureAwait(false);
                _sentVideoConfig = config;
            }

            _parameterSetsChanged = false;
        }

        int compositionTime = unchecked((int)(pts - dts));
        byte[] body = AvcPayload.FromNalUnits(_pictureNals, keyFrame, compositionTime);
        _pictureNals.Clear();
        await _client.WriteMediaAsync(MediaKind.Video, dts, body, ct).ConfigureAwait(false);
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
            AdtsHeader header = ReadAdtsHeader(adtsFrames.Span[offset..], offset);
            AudioSpecificConfig config = ToAudioSpecificConfig(header);
            if (!config.Equals(_sentAudioConfig))
            {
                await _client.WriteMediaAsync(MediaKind.Audio, timestamp, AacPayload.SequenceHeader(config), ct).ConfigureAwait(false);
                _sentAudioConfig = config;
            }

            // Milliseconds of the frames before this one, from the sample count rather than accumulated rounding.
            uint at = unchecked(timestamp + (uint)((long)frames * 1024 * 1000 / config.SampleRate));
            ReadOnlyMemory<byte> raw = adtsFrames.Slice(offset + header.HeaderLength, header.FrameLength - header.HeaderLength);
            await _client.WriteMediaAsync(MediaKind.Audio, at, AacPayload.Raw(config, raw.Span), ct).ConfigureAwait(false);
            offset += header.FrameLength;
            frames++;
        }

        return frames;
    }

    /// <summary>
    /// Splits the access unit, updates the parameter sets and gathers the NAL units that go into the frame. Returns
    /// <see cref="H264WriteResult.Written"/> when there is a frame to send (its NAL units in <see cref="_pictureNals"/>).
    /// </summary>
    private (H264WriteResult Verdict, bool KeyFrame) Classify(ReadOnlyMemory<byte> annexBFrame)
    {
        _ranges.Clear();
        _pictureNals.Clear();
        AnnexB.Split(annexBFrame.Span, _ranges);

        bool hasPicture = false, keyFrame = false;
        bool newParameterSet = false, duplicatedSps = false, duplicatedPps = false;
        foreach (Range range in _ranges)
        {
            ReadOnlyMemory<byte> nal = annexBFrame[range];
            switch ((NalUnitType)(nal.Span[0] & 0x1F))
            {
                case NalUnitType.Aud:
                case NalUnitType.Filler:
                    // Delimiters are implicit in RTMP (one message, one picture); filler is padding for CBR links.
                    break;
                case NalUnitType.Sps:
                    if (Remember(ref _sps, nal.Span))
                    {
                        newParameterSet = _parameterSetsChanged = true;
                    }
                    else
                    {
                        duplicatedSps = true;
                    }

                    break;
                case NalUnitType.Pps:
                    if (Remember(ref _pps, nal.Span))
                    {
                        newParameterSet = _parameterSetsChanged = true;
                    }
                    else
                    {
                        duplicatedPps = true;
                    }

                    break;
                case NalUnitType.Idr:
                    keyFrame = true;
                    hasPicture = true;
                    _pictureNals.Add(nal);
                    break;
                case NalUnitType.Slice:
                case (NalUnitType)2: // slice data partitions A-C
                case (NalUnitType)3:
                case (NalUnitType)4:
                    hasPicture = true;
                    _pictureNals.Add(nal);
                    break;
                default:
                    // SEI and the rest travel with their picture, as encoders put them in the access unit.
                    _pictureNals.Add(nal);
                    break;
            }
        }

        if (hasPicture)
        {
            return (_sps is null || _pps is null ? H264WriteResult.NoSpsPpsYet : H264WriteResult.Written, keyFrame);
        }

        _pictureNals.Clear();
        H264WriteResult verdict =
            newParameterSet ? H264WriteResult.ParameterSetsStored
            : duplicatedSps ? H264WriteResult.DuplicatedSps
            : duplicatedPps ? H264WriteResult.DuplicatedPps
            : H264WriteResult.Empty;
        return (verdict, false);
    }

    /// <summary>Keeps a copy of a parameter set; false when it equals the one already kept.</summary>
    private static bool Remember(ref byte[]? current, ReadOnlySpan<byte> nal)
    {
        if (current is not null && nal.SequenceEqual(current))
        {
            return false;
        }

        current = nal.ToArray();
        return true;
    }

    private static AdtsHeader ReadAdtsHeader(ReadOnlySpan<byte> data, int offset)
    {
        if (!AdtsHeader.TryParse(data, out AdtsHeader header))
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
