#!/usr/bin/env python3
"""Sends hostile bodies of every class from issue 11 beside valid traffic, concurrently (Python 3 stdlib only).

    python3 bench/hostile.py --url URL --secret S --valid 300 --each 10 --threads 32 --out FILE

Bases are the real fixtures in src/test/resources/fixtures/sentry, serialized as Sentry does (compact, ASCII
escaped). Each class gets EACH variants (distinct ids): NUL in action/title/issue id, an issue id of nothing but NUL
(expected 400), out-of-range timestamps, 5,000-character issue ids and 6,000-character project slugs, escaped lone
surrogates, raw ED A0 80 and a stray FF byte, non-JSON (expected 400), huge numbers, a 300,000-character title. One
line per request in FILE: "<class> <HTTP status> <delivery id or ->". Loopback only; every request has a 60 s timeout; a request without an answer
is written with status 0 and the error instead of a delivery id.
"""
import argparse
import concurrent.futures
import hashlib
import hmac
import json
import random
import urllib.error
import urllib.parse
import urllib.request

FIXTURES = "src/test/resources/fixtures/sentry/"
RAW = "@@raw@@"


def load(name):
    return json.load(open(FIXTURES + name + ".json", encoding="utf-8"))


def dump(tree):
    # Sentry's serialization: compact, non-ASCII (and lone surrogates, NUL) escaped, keys in its order
    order = ["action", "installation", "data", "actor"]
    ordered = {k: tree[k] for k in order if k in tree}
    ordered.update({k: v for k, v in tree.items() if k not in ordered})
    return json.dumps(ordered, separators=(",", ":"), ensure_ascii=True).encode()


def issue(n, change):
    t = load("issue.created")
    t["data"]["issue"]["id"] = "hostile-%d" % n
    change(t, t["data"]["issue"])
    return "issue", dump(t)


def event(n, change):
    t = load("event_alert.triggered")
    t["data"]["event"]["issue_id"] = "hostile-ev-%d" % n
    t["data"]["event"]["event_id"] = "ev-%d" % n
    change(t, t["data"]["event"])
    return "event_alert", dump(t)


def raw(kind, n, where, bytes_):
    t = load("issue.created")
    t["data"]["issue"]["id"] = "hostile-%s-%d" % (kind, n)
    if where == "installation":
        t["installation"] = {"uuid": "x" + RAW}
    else:
        t["data"]["issue"][where] = "a" + RAW + "b"
    return "issue", dump(t).replace(RAW.encode(), bytes_)


CLASSES = {
    "nul_action": lambda n: issue(n, lambda t, i: t.__setitem__("action", "created\u0000")),
    "nul_title": lambda n: issue(n, lambda t, i: i.__setitem__("title", "a\u0000b")),
    "nul_issue_id": lambda n: issue(n, lambda t, i: i.__setitem__("id", "nul\u0000%d" % n)),
    "nul_only_issue_id": lambda n: issue(n, lambda t, i: i.__setitem__("id", "\u0000" * (n + 1))),
    "first_seen_-1e15": lambda n: issue(n, lambda t, i: i.__setitem__("firstSeen", -1e15)),
    "datetime_+999999": lambda n: event(n, lambda t, e: e.__setitem__("datetime", "+999999-01-01T00:00:00Z")),
    "ignore_until_+999999": lambda n: issue(n, lambda t, i: (t.__setitem__("action", "ignored"), i.__setitem__(
        "statusDetails", {"ignoreUntil": "+999999-01-01T00:00:00Z"}))),
    "issue_id_5000": lambda n: issue(n, lambda t, i: i.__setitem__("id", "%d" % n + "9" * 5000)),
    "project_slug_6000": lambda n: issue(n, lambda t, i: i["project"].__setitem__("slug", "%d" % n + "s" * 6000)),
    "escaped_surrogates": lambda n: issue(n, lambda t, i: (i.__setitem__("title", "\ud800x\udfff"),
                                                           i.__setitem__("culprit", "\udc00"))),
    "raw_ED_A0_80_skipped": lambda n: raw("eda080s", n, "installation", b"\xed\xa0\x80"),
    "raw_ED_A0_80_title": lambda n: raw("eda080t", n, "title", b"\xed\xa0\x80"),
    "raw_FF_title": lambda n: raw("ff", n, "title", b"\xff"),
    "not_json": lambda n: ("issue", b'{"action":"created","data":{"issue":{"id":"%d"' % n),
    "huge_numbers": lambda n: issue(n, lambda t, i: (i.__setitem__("count", "1e999999999"),
                                                     i.__setitem__("userCount", 10 ** 900))),
    "title_300k": lambda n: issue(n, lambda t, i: i.__setitem__("title", "%d" % n + "x" * 300000)),
}


def post(url, secret, resource, body):
    sig = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Sentry-Hook-Resource": resource, "Sentry-Hook-Signature": sig})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}").get("deliveryId") or "-"
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"{}").get("deliveryId") or "-"
        except ValueError:
            return e.code, "-"
    except Exception as e:  # timeout, connection refused: counted as no answer
        return 0, "-error:" + type(e).__name__


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--valid", type=int, default=300)
    p.add_argument("--each", type=int, default=10)
    p.add_argument("--threads", type=int, default=32)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    host = urllib.parse.urlparse(a.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only: " + host)
    jobs = []
    for n in range(a.valid):
        t = load("issue.created")
        t["data"]["issue"]["id"] = "valid-%d" % n
        jobs.append(("valid", "issue", dump(t)))
    for name, make in CLASSES.items():
        for n in range(a.each):
            jobs.append((name,) + make(n))
    random.Random(11).shuffle(jobs)  # hostile bodies land in the same group commits and worker batches as valid ones
    with concurrent.futures.ThreadPoolExecutor(a.threads) as pool, open(a.out, "w") as out:
        for (name, _, _), (status, delivery) in zip(jobs, pool.map(lambda j: post(a.url, a.secret, j[1], j[2]), jobs)):
            out.write("%s %d %s\n" % (name, status, delivery))
            if status == 0:
                print("no answer: %s %s" % (name, delivery))
    print("sent %d requests (%d valid, %d hostile in %d classes)" % (len(jobs), a.valid, len(jobs) - a.valid,
                                                                     len(CLASSES)))


if __name__ == "__main__":
    main()
