using System.Net;
using System.Net.Sockets;

namespace Srs.Actors.Rtsp.Client;

/// <summary>The pair of UDP sockets of one track (RTP on an even port, RTCP on the next, RFC 3550 11).</summary>
public sealed class UdpTrackSockets : IDisposable
{
    private UdpTrackSockets(Socket rtp, Socket rtcp)
    {
        Rtp = rtp;
        Rtcp = rtcp;
    }

    public Socket Rtp { get; }

    public Socket Rtcp { get; }

    public int RtpPort => ((IPEndPoint)Rtp.LocalEndPoint!).Port;

    /// <summary>Where the server sends from, once its SETUP answer named its ports.</summary>
    public IPEndPoint? ServerRtp { get; set; }

    public IPEndPoint? ServerRtcp { get; set; }

    /// <summary>Binds an even port and the one above it, trying a few random pairs.</summary>
    public static UdpTrackSockets Bind(IPAddress address)
    {
        for (int attempt = 0; ; attempt++)
        {
            var rtp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                int port = 2 * Random.Shared.Next(10000 / 2, 65000 / 2);
                rtp.Bind(new IPEndPoint(address, port));
                rtcp.Bind(new IPEndPoint(address, port + 1));
                rtp.ReceiveBufferSize = 1 << 20; // a keyframe arrives as a burst of packets
                return new UdpTrackSockets(rtp, rtcp);
            }
            catch (SocketException) when (attempt < 50)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }
    }

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }
}
