namespace Srs.Actors.Media;

/// <summary>
/// Where the codec bytes of an FLV video body start, legacy (AVC 7, HEVC 12: packet type, SI24 composition time) or
/// enhanced RTMP (FourCC, SequenceStart / CodedFrames / CodedFramesX): what an fMP4 sample or sample entry takes as is,
/// since both carry length-prefixed NAL units and the decoder configuration record unchanged.
/// </summary>
public static class FlvVideoPayload
{
    private const int ExSequenceStart = 0;
    private const int ExCodedFrames = 1;
    private const int ExCodedFramesX = 3;
    private const int ExMultitrack = 6;

    /// <summary>The decoder configuration record of a sequence header; false for anything else.</summary>
    public static bool TryGetConfig(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> config)
    {
        config = default;
        var span = body.Span;
        if (FlvVideo.IsEnhanced(span))
        {
            if (!ExHeader.TryParse(span, ExMultitrack, out var ex) || ex.PacketType != ExSequenceStart) return false;
            config = body[ex.PayloadOffset..];
            return config.Length > 0;
        }

        if (span.Length <= 5 || span[1] != 0) return false;
        config = body[5..];
        return true;
    }

    /// <summary>The NAL units of a coded frame and its composition time in milliseconds; false for anything else.</summary>
    public static bool TryGetFrame(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> data, out int compositionTime)
    {
        data = default;
        compositionTime = FlvVideo.GetCompositionTime(body.Span);
        var span = body.Span;
        if (FlvVideo.IsEnhanced(span))
        {
            if (!ExHeader.TryParse(span, ExMultitrack, out var ex)) return false;
            int start = ex.PacketType switch
            {
                ExCodedFrames => ex.PayloadOffset + 3,
                ExCodedFramesX => ex.PayloadOffset,
                _ => -1,
            };
            if (start < 0 || start >= span.Length) return false;
            data = body[start..];
            return true;
        }

        if (span.Length <= 5 || span[1] != 1) return false;
        data = body[5..];
        return true;
    }
}
