#!/usr/bin/python3
"""A real RTSP camera for the interop tests: GStreamer's gst-rtsp-server serving a Matroska file's H.264 or H.265 and
AAC (rtph264pay or rtph265pay, rtpmp4gpay AAC-hbr or rtpmp4apay MP4A-LATM) in real time, behind Digest authentication, on 127.0.0.1."""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file", required=True, help="an MKV with one H.264 (or H.265) and one AAC track")
    parser.add_argument("--video", default="h264", choices=["h264", "h265"], help="the MKV's video codec")
    parser.add_argument("--audio", default="mpeg4-generic", choices=["mpeg4-generic", "latm"],
                        help="AAC as RFC 3640 AAC-hbr (rtpmp4gpay) or RFC 6416 MP4A-LATM with cpresent=0 (rtpmp4apay)")
    parser.add_argument("--path", default="/cam")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--protocols", default="tcp,udp", help="lower transports offered: tcp, udp or both")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        f'( filesrc location="{args.file}" ! matroskademux name=d '
        f"d.video_0 ! queue ! {args.video}parse ! rtp{args.video}pay name=pay0 pt=96 config-interval=-1 "
        f"d.audio_0 ! queue ! aacparse ! {'rtpmp4apay' if args.audio == 'latm' else 'rtpmp4gpay'} name=pay1 pt=97 )")
    factory.set_shared(False)
    protocols = GstRtsp.RTSPLowerTrans(0)
    if "tcp" in args.protocols:
        protocols |= GstRtsp.RTSPLowerTrans.TCP
    if "udp" in args.protocols:
        protocols |= GstRtsp.RTSPLowerTrans.UDP
    factory.set_protocols(protocols)

    if args.user:
        auth = GstRtspServer.RTSPAuth()
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        auth.add_digest(args.user, args.password, token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role("user", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)

    server.get_mount_points().add_factory(args.path, factory)

    # One line per client connection and its end, so a test sees when the camera is (not) being pulled.
    def on_client(_server, client):
        print("client connected", flush=True)
        client.connect("closed", lambda _client: print("client closed", flush=True))

    server.connect("client-connected", on_client)
    if server.attach(None) == 0:
        print(f"cannot listen on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
        return 1
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    print(f"camera ready on rtsp://127.0.0.1:{args.port}{args.path}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
