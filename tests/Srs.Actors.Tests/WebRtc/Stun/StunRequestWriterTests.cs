using Srs.Actors.WebRtc.Stun;

namespace Srs.Actors.Tests.WebRtc.Stun;

/// <summary>The Binding request writer (a load client's connectivity check), on RFC 5769's sample and through the node's own reader.</summary>
public sealed class StunRequestWriterTests
{
    // RFC 5769 2.1, as in StunMessageTests.
    private static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "802200105354554e207465737420636c69656e74" +
        "002400046e0001ff" +
        "80290008932ff9b151263b36" +
        "000600096576746a3a68367659202020" +
        "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004e57a3bcf");

    [Fact]
    public void The_writer_reproduces_the_RFC_5769_request_byte_for_byte()
    {
        var written = new byte[200];
        int n = StunMessage.WriteBindingRequest(written, SampleRequest.AsSpan(8, 12), "evtj:h6vY", "VOkJxbRl1RmTxUk/WvJxBt",
            0x6e0001ff, 0x932ff9b151263b36, controlling: false, useCandidate: false, software: "STUN test client");
        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(written, 0, n));
    }

    [Fact]
    public void A_nominating_request_parses_as_controlling_with_use_candidate_and_verifies_only_with_its_password()
    {
        var id = Convert.FromHexString("0102030405060708090a0b0c");
        var written = new byte[200];
        int n = StunMessage.WriteBindingRequest(written, id, "server1:clientufrag", "serverpassword0123456789", 0x7e7fffff, 42,
            controlling: true, useCandidate: true);
        var message = written.AsSpan(0, n);

        Assert.True(StunMessage.TryParse(message, out var request, out string? error), error);
        Assert.True(request.IsBindingRequest);
        Assert.Equal("server1:clientufrag", request.Username);
        Assert.True(request.UseCandidate);
        Assert.True(request.IceControlling);
        Assert.Equal(0x7e7fffffu, request.Priority);
        Assert.Equal(id, request.TransactionId);
        Assert.True(StunMessage.VerifyIntegrity(message, "serverpassword0123456789"));
        Assert.False(StunMessage.VerifyIntegrity(message, "serverpassword012345678x"));
    }

    [Fact]
    public void A_destination_too_small_is_refused()
    {
        var small = new byte[60];
        Assert.Throws<ArgumentException>(() => StunMessage.WriteBindingRequest(small, new byte[12], "a:b", "p", 1, 1, true, true));
    }
}
