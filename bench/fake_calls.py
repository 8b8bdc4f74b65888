#!/usr/bin/env python3
"""Figures out of bench/fake_peers.py's call log (JSONL).

    fake_calls.py LOG summary            key=value figures over the Telegram calls
    fake_calls.py LOG latency POSTS      webhook post -> first delivered sendMessage of that issue (POSTS from
                                         bench/post_issues.py): matched, missing, p50/p99/max in ms
    fake_calls.py LOG sends              "incident<TAB>delivered sendMessage calls<TAB>distinct message ids" lines
                                         (for \\copy into the database)

Only calls the fake answered with ok count as delivered.
"""
import json
import math
import sys
from collections import defaultdict


def calls(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    i = max(0, min(len(sorted_values) - 1, math.ceil(p / 100.0 * len(sorted_values)) - 1))
    return sorted_values[i]


def summary(path):
    c = defaultdict(int)
    sends = defaultdict(int)
    for e in calls(path):
        m = e.get("method")
        if m in ("sendMessage", "editMessageText"):
            c[m + "_" + ("ok" if e["outcome"] == "ok" else "failed")] += 1
            c[m + ":" + e["outcome"]] += 1
            if m == "sendMessage" and e["outcome"] == "ok":
                sends[e.get("incident")] += 1
        elif m == "chat.completions":
            c["ai_" + e["outcome"]] += 1
    per = sorted(sends.values())
    print("sends_ok=%d sends_failed=%d edits_ok=%d edits_failed=%d incidents_sent=%d max_sends_per_incident=%d "
          "incidents_with_2plus_sends=%d send_500=%d send_timeout=%d send_429=%d ai_calls=%d" % (
              c["sendMessage_ok"], c["sendMessage_failed"], c["editMessageText_ok"], c["editMessageText_failed"],
              len(sends), per[-1] if per else 0, sum(1 for v in per if v > 1), c["sendMessage:500"],
              c["sendMessage:timeout"], c["sendMessage:429"],
              c["ai_ok"] + c["ai_500"] + c["ai_hang"]))


def latency(path, posts_path):
    posted = {}
    with open(posts_path) as f:
        for line in f:
            n, t, status, _ = line.split()
            if status == "202":
                posted[int(n)] = float(t)
    first = {}
    for e in calls(path):
        if e.get("method") == "sendMessage" and e.get("outcome") == "ok" and e.get("issue") in posted:
            first.setdefault(e["issue"], e["t"])
    lat = sorted((first[n] - t) * 1000 for n, t in posted.items() if n in first)
    print("posted=%d matched=%d missing=%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f min_ms=%.0f" % (
        len(posted), len(lat), len(posted) - len(lat), pct(lat, 50), pct(lat, 99), lat[-1] if lat else 0,
        lat[0] if lat else 0))


def sends(path):
    n = defaultdict(int)
    ids = defaultdict(set)
    for e in calls(path):
        if e.get("method") == "sendMessage" and e.get("outcome") == "ok" and e.get("incident") is not None:
            n[e["incident"]] += 1
            ids[e["incident"]].add(e["message_id"])
    for inc in sorted(n):
        print("%d\t%d\t%d" % (inc, n[inc], len(ids[inc])))


def gaps(path):
    """Spacing of consecutive Telegram calls (all chats): how close the sender keeps to one call a second."""
    ts = sorted(e["t"] for e in calls(path) if e.get("method") in ("sendMessage", "editMessageText"))
    g = sorted(b - a for a, b in zip(ts, ts[1:]))
    span = ts[-1] - ts[0] if len(ts) > 1 else 0
    print("calls=%d over %.1fs (%.2f/s), gap p50=%.2fs p90=%.2fs max=%.2fs" % (
        len(ts), span, (len(ts) - 1) / span if span else 0, pct(g, 50), pct(g, 90), g[-1] if g else 0))


if __name__ == "__main__":
    log, what = sys.argv[1], sys.argv[2]
    if what == "summary":
        summary(log)
    elif what == "latency":
        latency(log, sys.argv[3])
    elif what == "gaps":
        gaps(log)
    elif what == "sends":
        sends(log)
    else:
        sys.exit("unknown: " + what)
