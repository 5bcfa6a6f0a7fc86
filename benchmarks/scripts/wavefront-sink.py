#!/usr/bin/env python3
"""A Wavefront proxy stand-in for benchmarks/scripts/footprint.sh: accepts TCP connections on
HOST:PORT and appends every received line to OUT (one file, lines kept whole). Stdlib only.

    wavefront-sink.py 127.0.0.1 2878 /tmp/lines.txt
"""
import socketserver
import sys
import threading

host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
sink = open(out, "a", buffering=1)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with lock:
                sink.write(line + "\n")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


with Server((host, port), Handler) as server:
    print("listening", flush=True)
    server.serve_forever()
