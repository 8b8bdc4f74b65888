#!/usr/bin/env python3
"""Fake peers for the end-to-end benchmark and the fault drills: the Telegram Bot API and an OpenAI-compatible
chat completions server in one process (Python 3 standard library only).

    python3 bench/fake_peers.py --log calls.jsonl [--port 0] [--port-file FILE]

Prints the port it listens on (127.0.0.1) as its first line.

Telegram: POST /bot<token>/sendMessage | editMessageText | answerCallbackQuery answer like the real Bot API
({"ok":true,"result":{"message_id":N,...}}, message ids increasing per process). Every call is one JSON line in the
log: t (unix time received), t_done (answered), method, chat_id, message_id (sent or edited), incident (from
"incident #<id>" in the text), issue (n of "bench issue <n>"), outcome (ok / 500 / 429 / timeout), text.
Only calls with outcome "ok" delivered anything.

OpenAI: POST /v1/chat/completions answers a completion whose content is the analysis JSON; every call is logged too
(method "chat.completions").

Control: POST /control {"telegram": "ok"|"500"|"timeout"|"429", "ai": "ok"|"500"|"hang"} (either key; "mode" is
taken as "telegram"); GET /control answers the modes and counters.
  - telegram 500: HTTP 500 {"ok":false,"error_code":500,"description":"Internal Server Error"}, nothing delivered
  - telegram timeout: holds the request TIMEOUT_SECONDS (default 12, longer than the client's 10 s read timeout),
    then answers 504 (the client is gone by then); nothing delivered
  - telegram 429: HTTP 429 with parameters.retry_after (RETRY_AFTER, default 2), nothing delivered
  - ai 500: HTTP 500 with an OpenAI-shaped error; ai hang: holds the request HANG_SECONDS (default 60) then 504
All waits are bounded, and end early when the process is asked to stop.
"""
import argparse
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"telegram": "ok", "ai": "ok"}
COUNTS = {}
LOCK = threading.Lock()
STOP = threading.Event()
NEXT_ID = [1000]
LOG = None
TIMEOUT_SECONDS = 12.0
HANG_SECONDS = 60.0
RETRY_AFTER = 2

INCIDENT = re.compile(r"incident #(\d+)")
ISSUE = re.compile(r"bench issue (\d+) ")
TELEGRAM = re.compile(r"^/bot[^/]+/(sendMessage|editMessageText|answerCallbackQuery)$")

ANALYSIS = {
    "root_cause": "A variable is used before it is defined in the bench page script.",
    "impact": "The page's script stops; users of this page are affected.",
    "fix_suggestion": "Define the variable or guard its use.",
    "prevention": "Lint for undefined names in CI.",
    "confidence": 0.7,
}


def count(key):
    with LOCK:
        COUNTS[key] = COUNTS.get(key, 0) + 1


def record(entry):
    line = json.dumps(entry, ensure_ascii=False)
    with LOCK:
        LOG.write(line + "\n")
        LOG.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return {}

    def _answer(self, status, obj):
        data = json.dumps(obj).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        if self.path == "/control":
            with LOCK:
                self._answer(200, {"modes": dict(STATE), "counts": dict(COUNTS), "next_message_id": NEXT_ID[0]})
        else:
            self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def do_POST(self):
        t = time.time()
        body = self._body()
        if self.path == "/control":
            with LOCK:
                if "mode" in body:
                    STATE["telegram"] = str(body["mode"])
                for k in ("telegram", "ai"):
                    if k in body:
                        STATE[k] = str(body[k])
                modes = dict(STATE)
            record({"t": t, "method": "control", "modes": modes})
            self._answer(200, {"ok": True, "modes": modes})
            return
        m = TELEGRAM.match(self.path)
        if m:
            self._telegram(m.group(1), body, t)
            return
        if self.path.rstrip("/") in ("/v1/chat/completions", "/chat/completions"):
            self._openai(body, t)
            return
        self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def _telegram(self, method, body, t):
        mode = STATE["telegram"]
        text = body.get("text") or ""
        entry = {"t": t, "method": method, "chat_id": body.get("chat_id"), "message_id": body.get("message_id"),
                 "outcome": mode}
        reply = body.get("reply_parameters")
        if isinstance(reply, dict):
            entry["reply_to"] = reply.get("message_id")
        mi = INCIDENT.search(text)
        ii = ISSUE.search(text)
        entry["incident"] = int(mi.group(1)) if mi else None
        entry["issue"] = int(ii.group(1)) if ii else None
        count(method + ":" + mode)
        if method == "answerCallbackQuery":
            mode = "ok"
        if mode == "500":
            status, answer = 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        elif mode == "429":
            status, answer = 429, {"ok": False, "error_code": 429,
                                   "description": "Too Many Requests: retry after %d" % RETRY_AFTER,
                                   "parameters": {"retry_after": RETRY_AFTER}}
        elif mode == "timeout":
            STOP.wait(TIMEOUT_SECONDS)
            status, answer = 504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"}
        else:
            status = 200
            if method == "sendMessage":
                with LOCK:
                    NEXT_ID[0] += 1
                    mid = NEXT_ID[0]
                entry["message_id"] = mid
            elif method == "editMessageText":
                mid = body.get("message_id")
            else:
                mid = None
            result = True if mid is None else {
                "message_id": mid, "date": int(t), "chat": {"id": body.get("chat_id"), "type": "supergroup"},
                "text": text}
            answer = {"ok": True, "result": result}
        entry["text"] = text
        entry["t_done"] = time.time()
        record(entry)
        self._answer(status, answer)

    def _openai(self, body, t):
        mode = STATE["ai"]
        count("chat.completions:" + mode)
        record({"t": t, "method": "chat.completions", "outcome": mode, "model": body.get("model")})
        if mode == "500":
            self._answer(500, {"error": {"message": "The server had an error", "type": "server_error",
                                         "code": None}})
        elif mode == "hang":
            STOP.wait(HANG_SECONDS)
            self._answer(504, {"error": {"message": "gateway timeout", "type": "server_error", "code": None}})
        else:
            self._answer(200, {
                "id": "chatcmpl-fake%d" % int(t * 1000), "object": "chat.completion", "created": int(t),
                "model": body.get("model") or "fake",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": json.dumps(ANALYSIS)}}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 60, "total_tokens": 160}})


def main():
    global LOG, TIMEOUT_SECONDS, HANG_SECONDS, RETRY_AFTER
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--log", required=True)
    p.add_argument("--port-file")
    p.add_argument("--timeout-seconds", type=float, default=12.0)
    p.add_argument("--hang-seconds", type=float, default=60.0)
    p.add_argument("--retry-after", type=int, default=2)
    p.add_argument("--max-seconds", type=float, default=1800, help="exit after this long in any case")
    a = p.parse_args()
    TIMEOUT_SECONDS, HANG_SECONDS, RETRY_AFTER = a.timeout_seconds, a.hang_seconds, a.retry_after
    LOG = open(a.log, "a", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(a.port_file + ".tmp", a.port_file)
    print(port, flush=True)

    def bounded():
        time.sleep(a.max_seconds)
        STOP.set()
        server.shutdown()
    threading.Thread(target=bounded, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        STOP.set()


if __name__ == "__main__":
    sys.exit(main())
