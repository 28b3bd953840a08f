#!/usr/bin/env python3
"""Context switches and CPU time of a running JVM's threads over an interval, by thread group (Linux only).

    python3 mcpool-bench/switches.py <pid> [seconds]

Reads each thread's voluntary and involuntary context switches (/proc/<pid>/task/*/status) and CPU ticks
(/proc/<pid>/task/*/stat) twice, `seconds` apart (default 25), and prints the differences per thread group (the
thread name with its numbers dropped), the group of the benchmark's calling threads (`bench-call`) first. With the
benchmark CLI running one way at one thread, the calling thread switches about once per call (it waits for each
answer), so the other groups' switches divided by its own are switches per call: how many times per call a thread
of the HTTP client, the server or the common pool went to sleep and was woken.
"""
import collections
import os
import re
import sys
import time


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = f.read()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended meanwhile
        voluntary = int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
        involuntary = int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
        fields = stat.rsplit(")", 1)[1].split()
        threads[tid] = (name, voluntary, involuntary, int(fields[11]) + int(fields[12]))
    return threads


def group(name):
    return re.sub(r"\d+", "N", re.sub(r"[-#]?\d+$", "", name))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    pid = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 25.0
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    groups = collections.defaultdict(lambda: [0, 0, 0, 0])
    for tid, (name, voluntary, involuntary, ticks) in after.items():
        _, v0, i0, t0 = before.get(tid, (name, 0, 0, 0))
        g = groups[group(name)]
        g[0] += voluntary - v0
        g[1] += involuntary - i0
        g[2] += ticks - t0
        g[3] += 0 if tid in before else 1
    calls = groups.get("bench-call", [0])[0] or 1
    hz = os.sysconf("SC_CLK_TCK")
    print(f"{'thread group':24} {'voluntary':>10} {'per call':>9} {'involuntary':>12} {'CPU ms':>8} {'new':>4}")
    total = [0, 0, 0]
    for name, g in sorted(groups.items(), key=lambda item: (item[0] != "bench-call", -item[1][0])):
        if g[0] == g[1] == g[2] == g[3] == 0:
            continue
        print(f"{name[:24]:24} {g[0]:10d} {g[0] / calls:9.2f} {g[1]:12d} {g[2] * 1000 // hz:8d} {g[3]:4d}")
        total = [total[0] + g[0], total[1] + g[1], total[2] + g[2]]
    print(f"{'all':24} {total[0]:10d} {total[0] / calls:9.2f} {total[1]:12d} {total[2] * 1000 // hz:8d}")


if __name__ == "__main__":
    main()
