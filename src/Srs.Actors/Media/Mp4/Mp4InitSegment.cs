namespace Srs.Actors.Media.Mp4;

/// <summary>
/// The initialization segment of a fragmented MP4 (CMAF header): <c>ftyp</c> and a <c>moov</c> whose sample tables
/// are empty, because every sample comes in a later <c>moof</c>; <c>mvex</c>/<c>trex</c> announce those fragments.
/// Knows nothing of HLS: an HLS muxer and an MP4 recorder write the same header.
/// </summary>
public static class Mp4InitSegment
{
    private const uint MovieTimescale = 1000;
    private const ushort LanguageUndetermined = 0x55C4; // ISO 639-2 "und" packed as three 5-bit letters

    public static void Write(BoxWriter w, IReadOnlyList<Mp4Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        WriteFtyp(w);
        int moov = w.Begin("moov");
        WriteMvhd(w, tracks.Count == 0 ? 1 : tracks.Max(t => t.Id) + 1);
        foreach (var track in tracks) WriteTrak(w, track);
        int mvex = w.Begin("mvex");
        foreach (var track in tracks)
        {
            int trex = w.BeginFull("trex", 0, 0);
            w.UInt32(track.Id);
            w.UInt32(1); // default_sample_description_index
            w.UInt32(0); // default_sample_duration: every trun says its own
            w.UInt32(0); // default_sample_size
            w.UInt32(0); // default_sample_flags
            w.End(trex);
        }

        w.End(mvex);
        w.End(moov);
    }

    public static byte[] Build(IReadOnlyList<Mp4Track> tracks)
    {
        using var w = new BoxWriter();
        Write(w, tracks);
        return w.ToArray();
    }

    private static void WriteFtyp(BoxWriter w)
    {
        int ftyp = w.Begin("ftyp");
        w.Type("iso5"); // major brand: iso5 is the first with default-base-is-moof, which our fragments use
        w.UInt32(512);
        w.Type("iso5");
        w.Type("iso6");
        w.Type("mp41");
        w.End(ftyp);
    }

    private static void WriteMvhd(BoxWriter w, uint nextTrackId)
    {
        int mvhd = w.BeginFull("mvhd", 0, 0);
        w.UInt32(0); // creation_time
        w.UInt32(0); // modification_time
        w.UInt32(MovieTimescale);
        w.UInt32(0); // duration: unknown, fragments follow
        w.UInt32(0x00010000); // rate 1.0
        w.UInt16(0x0100); // volume 1.0
        w.Zeros(2 + 8);
        WriteMatrix(w);
        w.Zeros(24); // pre_defined
        w.UInt32(nextTrackId);
        w.End(mvhd);
    }

    private static void WriteMatrix(BoxWriter w)
    {
        w.UInt32(0x00010000);
        w.UInt32(0);
        w.UInt32(0);
        w.UInt32(0);
        w.UInt32(0x00010000);
        w.UInt32(0);
        w.UInt32(0);
        w.UInt32(0);
        w.UInt32(0x40000000);
    }

    private static void WriteTrak(BoxWriter w, Mp4Track track)
    {
        int trak = w.Begin("trak");
        var (width, height) = track.Entry switch
        {
            AvcSampleEntry a => (a.Width, a.Height),
            HevcSampleEntry h => (h.Width, h.Height),
            _ => (0, 0),
        };
        int tkhd = w.BeginFull("tkhd", 0, 3); // track_enabled | track_in_movie
        w.UInt32(0);
        w.UInt32(0);
        w.UInt32(track.Id);
        w.UInt32(0); // reserved
        w.UInt32(0); // duration
        w.Zeros(8);
        w.UInt16(0); // layer
        w.UInt16(0); // alternate_group
        w.UInt16(track.IsVideo ? (ushort)0 : (ushort)0x0100); // volume
        w.UInt16(0);
        WriteMatrix(w);
        w.UInt32((uint)width << 16); // 16.16 fixed point
        w.UInt32((uint)height << 16);
        w.End(tkhd);

        int mdia = w.Begin("mdia");
        int mdhd = w.BeginFull("mdhd", 0, 0);
        w.UInt32(0);
        w.UInt32(0);
        w.UInt32(track.Timescale);
        w.UInt32(0);
        w.UInt16(LanguageUndetermined);
        w.UInt16(0);
        w.End(mdhd);

        int hdlr = w.BeginFull("hdlr", 0, 0);
        w.UInt32(0); // pre_defined
        w.Type(track.IsVideo ? "vide" : "soun");
        w.Zeros(12);
        w.Bytes(track.IsVideo ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        w.End(hdlr);

        int minf = w.Begin("minf");
        if (track.IsVideo)
        {
            int vmhd = w.BeginFull("vmhd", 0, 1);
            w.Zeros(8); // graphicsmode, opcolor
            w.End(vmhd);
        }
        else
        {
            int smhd = w.BeginFull("smhd", 0, 0);
            w.Zeros(4); // balance, reserved
            w.End(smhd);
        }

        int dinf = w.Begin("dinf");
        int dref = w.BeginFull("dref", 0, 0);
        w.UInt32(1);
        int url = w.BeginFull("url ", 0, 1); // flag 1: the media is in this file
        w.End(url);
        w.End(dref);
        w.End(dinf);

        int stbl = w.Begin("stbl");
        int stsd = w.BeginFull("stsd", 0, 0);
        w.UInt32(1);
        Mp4SampleEntries.Write(w, track.Entry);
        w.End(stsd);
        foreach (var empty in (ReadOnlySpan<string>)["stts", "stsc", "stco"])
        {
            int box = w.BeginFull(empty, 0, 0);
            w.UInt32(0); // entry_count
            w.End(box);
        }

        int stsz = w.BeginFull("stsz", 0, 0);
        w.UInt32(0); // sample_size
        w.UInt32(0); // sample_count
        w.End(stsz);
        w.End(stbl);
        w.End(minf);
        w.End(mdia);
        w.End(trak);
    }
}
