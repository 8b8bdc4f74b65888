#!/usr/bin/env python3
"""Posts one signed event_alert for each of COUNT new issues, one every INTERVAL seconds (Python 3 stdlib only).

    python3 bench/post_issues.py --url URL --secret S --count 30 --interval 1.2 --first 1000 --run ID --out FILE

Bodies are built like bench/LoadGen.java builds them, from the same real fixture: issue n (n = first, first+1, ...)
gets issue_id 900000+n and the title "ReferenceError: bench issue <n> is not defined". Each post is one line in
FILE: "<n> <unix time just before sending> <HTTP status> <delivery id or ->", written as it happens. Prints a summary.
"""
import argparse
import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.request


def minify(text):
    out, in_str, esc = [], False, False
    for c in text:
        if in_str:
            out.append(c)
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif not c.isspace():
            out.append(c)
    return "".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--count", type=int, default=30)
    p.add_argument("--interval", type=float, default=1.2)
    p.add_argument("--first", type=int, default=1000)
    p.add_argument("--run", default=str(int(time.time())))
    p.add_argument("--out", required=True)
    p.add_argument("--fixture", default="src/test/resources/fixtures/sentry/event_alert.triggered.json")
    a = p.parse_args()
    template = minify(open(a.fixture, encoding="utf-8").read())
    codes = {}
    start = time.time()
    with open(a.out, "a") as out:
        for k in range(a.count):
            n = a.first + k
            body = (template.replace("e4874d664c3540c1a32eab185f12c5ab", "%s-%d" % (a.run, n))
                    .replace('"issue_id":"1117540176"', '"issue_id":"%d"' % (900000 + n))
                    .replace("heck is not defined", "bench issue %d is not defined" % n)).encode()
            sig = hmac.new(a.secret.encode(), body, hashlib.sha256).hexdigest()
            due = start + k * a.interval
            wait = due - time.time()
            if wait > 0:
                time.sleep(wait)
            req = urllib.request.Request(a.url, data=body, method="POST", headers={
                "Content-Type": "application/json", "Sentry-Hook-Resource": "event_alert",
                "Sentry-Hook-Timestamp": str(int(time.time())), "Sentry-Hook-Signature": sig})
            t = time.time()
            delivery = "-"
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    status = r.status
                    m = re.search(r'"deliveryId":"([0-9a-f-]{36})"', r.read().decode())
                    delivery = m.group(1) if m else "-"
            except urllib.error.HTTPError as e:
                status = e.code
            except Exception:
                status = 0
            codes[status] = codes.get(status, 0) + 1
            out.write("%d %.6f %d %s\n" % (n, t, status, delivery))
            out.flush()
    print("posted=%d codes=%s seconds=%.1f" % (a.count, ",".join("%s:%s" % kv for kv in sorted(codes.items())),
                                                time.time() - start))


if __name__ == "__main__":
    main()
