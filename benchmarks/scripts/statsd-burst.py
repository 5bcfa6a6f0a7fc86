#!/usr/bin/env python3
"""Cardinality burst for inputs.statsd (issue 3): per round, COUNTERS distinct counter names and
TIMERS distinct timer names (SAMPLES samples each), 20 lines per datagram, paced at RATE datagrams/s.

    statsd-burst.py HOST PORT [ROUNDS=3] [ROUND_SECONDS=10] [COUNTERS=100000] [TIMERS=10000] [SAMPLES=10]

Prints the lines and datagrams sent per round. Stdlib only.
"""
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
round_s = float(sys.argv[4]) if len(sys.argv) > 4 else 10
counters = int(sys.argv[5]) if len(sys.argv) > 5 else 100_000
timers = int(sys.argv[6]) if len(sys.argv) > 6 else 10_000
samples = int(sys.argv[7]) if len(sys.argv) > 7 else 10
rate = 20_000  # datagrams/s

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for r in range(rounds):
    start = time.monotonic()
    lines = [f"burst.counter.n{i}:1|c" for i in range(counters)]
    lines += [f"burst.timer.t{i}:{(i * 7 + k) % 500}|ms" for k in range(samples) for i in range(timers)]
    sent = 0
    for d in range(0, len(lines), 20):
        s.sendto(("\n".join(lines[d:d + 20])).encode(), (host, port))
        sent += 1
        if sent % 200 == 0:
            ahead = start + sent / rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
    print(f"round {r}: {len(lines)} lines in {sent} datagrams, {time.monotonic() - start:.2f} s", flush=True)
    rest = start + round_s - time.monotonic()
    if rest > 0:
        time.sleep(rest)
