#!/usr/bin/python3
"""A real RTSP player for the interop tests: GStreamer's rtspsrc (what GStreamer-based NVRs and video walls use) plays an
RTSP URL over TCP or UDP, and the H.264 access units it depacketizes are written as an Annex B file until it has enough."""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--protocol", default="tcp", choices=["tcp", "udp"])
    parser.add_argument("--frames", type=int, default=50, help="access units to write before ending")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=int, default=30, help="seconds before giving up")
    args = parser.parse_args()

    Gst.init(None)
    pipeline = Gst.parse_launch(
        f'rtspsrc location="{args.url}" protocols={args.protocol} latency=200 ! rtph264depay ! h264parse name=parse '
        f'! video/x-h264,stream-format=byte-stream,alignment=au ! filesink location="{args.out}"')
    loop = GLib.MainLoop()
    state = {"frames": 0, "code": 1}

    def on_buffer(pad, info):
        state["frames"] += 1
        if state["frames"] == args.frames:
            GLib.idle_add(lambda: pipeline.send_event(Gst.Event.new_eos()) and False)
        return Gst.PadProbeReturn.DROP if state["frames"] > args.frames else Gst.PadProbeReturn.OK

    pipeline.get_by_name("parse").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_buffer)

    def on_message(_, message):
        if message.type == Gst.MessageType.EOS:
            state["code"] = 0 if state["frames"] >= args.frames else 1
            loop.quit()
        elif message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print(f"error: {error.message} ({debug})", file=sys.stderr)
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)

    def give_up():
        print(f"timeout after {args.timeout} s with {state['frames']} access units", file=sys.stderr)
        loop.quit()
        return False

    GLib.timeout_add_seconds(args.timeout, give_up)
    pipeline.set_state(Gst.State.PLAYING)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    print(f"wrote {state['frames']} access units", file=sys.stderr)
    return state["code"]


if __name__ == "__main__":
    sys.exit(main())
