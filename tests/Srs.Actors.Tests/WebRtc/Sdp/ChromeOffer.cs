namespace Srs.Actors.Tests.WebRtc.Sdp;

/// <summary>A WHEP offer as Debian's Chromium 156 writes it for one recvonly video and one recvonly audio transceiver (trimmed of extmaps and most codecs).</summary>
internal static class ChromeOffer
{
    public const string Text =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 116 117 39\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:Yk7c\r\n" +
        "a=ice-pwd:vJ2XQmRk0LHhvyMzSnd9UJ6s\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:D6:BC\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtpmap:97 rtx/90000\r\n" +
        "a=fmtp:97 apt=96\r\n" +
        "a=rtpmap:102 H264/90000\r\n" +
        "a=rtcp-fb:102 goog-remb\r\n" +
        "a=rtcp-fb:102 transport-cc\r\n" +
        "a=rtcp-fb:102 ccm fir\r\n" +
        "a=rtcp-fb:102 nack\r\n" +
        "a=rtcp-fb:102 nack pli\r\n" +
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n" +
        "a=rtpmap:103 rtx/90000\r\n" +
        "a=fmtp:103 apt=102\r\n" +
        "a=rtpmap:104 H264/90000\r\n" +
        "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n" +
        "a=rtpmap:107 rtx/90000\r\n" +
        "a=fmtp:107 apt=104\r\n" +
        "a=rtpmap:108 H264/90000\r\n" +
        "a=rtcp-fb:108 nack\r\n" +
        "a=rtcp-fb:108 nack pli\r\n" +
        "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:109 rtx/90000\r\n" +
        "a=fmtp:109 apt=108\r\n" +
        "a=rtpmap:116 H264/90000\r\n" +
        "a=rtcp-fb:116 nack\r\n" +
        "a=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n" +
        "a=rtpmap:117 rtx/90000\r\n" +
        "a=fmtp:117 apt=116\r\n" +
        "a=rtpmap:39 H264/90000\r\n" +
        "a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:Yk7c\r\n" +
        "a=ice-pwd:vJ2XQmRk0LHhvyMzSnd9UJ6s\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:D6:BC\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:1\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:63 red/48000/2\r\n" +
        "a=fmtp:63 111/111\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/48000\r\n" +
        "a=rtpmap:126 telephone-event/8000\r\n";
}
