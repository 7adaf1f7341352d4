using Srs.Actors.Media;

namespace Srs.Actors.Dvr;

/// <summary>
/// The codec bytes of an FLV video body, legacy (5-byte header) or enhanced RTMP (FourCC packets): the decoder
/// configuration record of a sequence header, or a coded frame's length-prefixed NAL units, both as MP4 stores them.
/// </summary>
internal static class DvrVideoPayload
{
    private const int SequenceStart = 0, CodedFrames = 1, CodedFramesX = 3, Multitrack = 6;

    public static bool TryGetConfig(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> config)
    {
        var span = body.Span;
        config = default;
        if (!FlvVideo.IsEnhanced(span))
        {
            if (span.Length > 5 && span[1] == 0) config = body[5..];
            return !config.IsEmpty;
        }

        if (ExHeader.TryParse(span, Multitrack, out var ex) && ex.PacketType == SequenceStart) config = body[ex.PayloadOffset..];
        return !config.IsEmpty;
    }

    public static bool TryGetFrame(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> data, out int compositionMs)
    {
        var span = body.Span;
        data = default;
        compositionMs = FlvVideo.GetCompositionTime(span);
        if (!FlvVideo.IsEnhanced(span))
        {
            if (span.Length > 5 && span[1] == 1) data = body[5..];
            return !data.IsEmpty;
        }

        if (!ExHeader.TryParse(span, Multitrack, out var ex)) return false;
        int start = ex.PacketType == CodedFrames ? ex.PayloadOffset + 3 : ex.PacketType == CodedFramesX ? ex.PayloadOffset : span.Length;
        if (start < span.Length) data = body[start..];
        return !data.IsEmpty;
    }
}
