using Srs.Actors.Media;

namespace Srs.Actors.Stats;

/// <summary>What the API reports of a stream's video, parsed from its sequence header.</summary>
public sealed record VideoInfo(string Codec, string Profile, string Level, int Width, int Height)
{
    /// <summary>Parses an FLV video sequence header; null when it is not one we can read (the stream still plays).</summary>
    public static VideoInfo? FromSequenceHeader(ReadOnlySpan<byte> body)
    {
        var codec = FlvVideo.GetCodec(body);
        if (codec != VideoCodec.Avc || body.Length <= 5) return codec == VideoCodec.Unknown ? null : new VideoInfo(codec.ToString().ToUpperInvariant(), "", "", 0, 0);
        try
        {
            var config = AvcDecoderConfig.Parse(body[5..]);
            if (config.Sps.Count == 0) return new VideoInfo("H264", "", "", 0, 0);
            var sps = SpsParser.Parse(config.Sps[0]);
            return new VideoInfo("H264", sps.ProfileName, sps.LevelName, sps.Width, sps.Height);
        }
        catch (InvalidDataException)
        {
            return new VideoInfo("H264", "", "", 0, 0);
        }
    }
}

/// <summary>What the API reports of a stream's audio, parsed from its sequence header (or its FLV sound flags).</summary>
public sealed record AudioInfo(string Codec, int SampleRate, int Channels, string Profile)
{
    public static AudioInfo? FromSequenceHeader(ReadOnlySpan<byte> body)
    {
        var codec = FlvAudio.GetCodec(body);
        if (codec == AudioCodec.Unknown) return null;
        if (codec != AudioCodec.Aac || body.Length <= 2) return new AudioInfo(codec.ToString().ToUpperInvariant(), 0, 0, "");
        try
        {
            var asc = AudioSpecificConfig.Parse(body[2..]);
            return new AudioInfo("AAC", asc.SampleRate, asc.Channels, asc.ProfileName);
        }
        catch (InvalidDataException)
        {
            return new AudioInfo("AAC", 0, 0, "");
        }
    }
}
