using System.Buffers;
using System.Text;
using Srs.Actors.Rtsp.Base;

namespace Srs.Actors.Tests.Rtsp.Base;

public sealed class RtspMessageReaderTests
{
    private const string Describe = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://cam/live/\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n";

    private static ReadOnlySequence<byte> Bytes(string s) => new(Encoding.ASCII.GetBytes(s));

    [Fact]
    public void A_response_with_a_body_is_read_whole_and_nothing_is_consumed_before()
    {
        var all = Encoding.ASCII.GetBytes(Describe + "$\u0001\u0000\u0002ab");
        for (int cut = 0; cut < Describe.Length; cut++)
        {
            var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(all, 0, cut));
            Assert.False(RtspMessageReader.TryReadResponse(ref partial, out _));
            Assert.Equal(0, partial.Consumed);
        }
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(all));
        Assert.True(RtspMessageReader.TryReadResponse(ref reader, out var response));
        Assert.Equal(200, response!.StatusCode);
        Assert.Equal("OK", response.Reason);
        Assert.Equal("2", response.Headers["cseq"]);
        Assert.Equal("v=0\r\n", Encoding.ASCII.GetString(response.Body));

        Assert.True(RtspMessageReader.InterleavedNext(reader));
        Assert.True(RtspMessageReader.TryReadInterleaved(ref reader, out var frame));
        Assert.Equal(1, frame.Channel);
        Assert.Equal("ab", Encoding.ASCII.GetString(frame.Payload));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void A_request_is_written_and_read_back()
    {
        var request = new RtspRequest("ANNOUNCE", "rtsp://node/live/cam", new RtspHeaders().Add("CSeq", "1"), Encoding.ASCII.GetBytes("v=0"));
        var text = Encoding.ASCII.GetString(request.ToBytes());
        Assert.Equal("ANNOUNCE rtsp://node/live/cam RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 3\r\n\r\nv=0", text);
        var reader = new SequenceReader<byte>(Bytes(text));
        Assert.True(RtspMessageReader.TryReadRequest(ref reader, out var back));
        Assert.Equal("ANNOUNCE", back!.Method);
        Assert.Equal("rtsp://node/live/cam", back.Uri);
        Assert.Equal("v=0", Encoding.ASCII.GetString(back.Body));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", "not an RTSP status line")]
    [InlineData("RTSP/1.0 abc OK\r\n\r\n", "not an RTSP status line")]
    [InlineData("RTSP/1.0 200 OK\r\nno colon here\r\n\r\n", "a header line without a name")]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n", "Content-Length '99999999'")]
    [InlineData("RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length '-1'")]
    public void Malformed_responses_are_protocol_errors(string text, string reason)
    {
        var e = Assert.Throws<RtspProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(Bytes(text));
            RtspMessageReader.TryReadResponse(ref reader, out _);
        });
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_head_without_an_end_is_an_error_at_the_bound()
    {
        var e = Assert.Throws<RtspProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(Bytes("RTSP/1.0 200 OK\r\nX: " + new string('a', RtspMessageReader.MaxHeadSize)));
            RtspMessageReader.TryReadResponse(ref reader, out _);
        });
        Assert.Contains("no end of the message head", e.Message);
    }

    [Theory]
    [InlineData("rtsp://admin:s3cr%40t@10.0.0.5:8554/Streaming/101?x=1", "admin", "s3cr@t", "rtsp://10.0.0.5:8554/Streaming/101?x=1", "rtsp://admin:***@10.0.0.5:8554/Streaming/101?x=1")]
    [InlineData("rtsp://cam/live", null, null, "rtsp://cam/live", "rtsp://cam/live")]
    public void Urls_give_their_credentials_to_auth_and_hide_them_elsewhere(string url, string? user, string? password, string plain, string redacted)
    {
        Assert.True(RtspUrl.TryParse(url, out var parsed, out _));
        Assert.Equal(user, parsed!.User);
        Assert.Equal(password, parsed.Password);
        Assert.Equal(plain, parsed.Url);
        Assert.Equal(redacted, parsed.Redacted);
        Assert.DoesNotContain("s3cr", RtspUrl.Redact(url));
    }

    [Fact]
    public void Controls_resolve_against_the_content_base()
    {
        Assert.Equal("rtsp://cam/live/trackID=1", RtspUrl.Resolve("rtsp://cam/live/", "trackID=1"));
        Assert.Equal("rtsp://cam/live/stream=0", RtspUrl.Resolve("rtsp://cam/live", "stream=0"));
        Assert.Equal("rtsp://other/x", RtspUrl.Resolve("rtsp://cam/live", "rtsp://other/x"));
        Assert.Equal("rtsp://cam/live", RtspUrl.Resolve("rtsp://cam/live", "*"));
    }
}
