#!/usr/bin/env bash
# Sends one Sentry fixture to a running sentry-triage the way Sentry does: compact JSON with non-ASCII escaped,
# signed with HMAC-SHA256 over the exact bytes sent.
#
#   scripts/send-sample.sh [fixture] [url]
#
#   fixture  a name from src/test/resources/fixtures/sentry (default issue.created), or a path to a JSON file
#   url      default http://127.0.0.1:8080/webhooks/sentry
#   SECRET   the client secret to sign with (default: the development secret of local mode)
#   NEW_ISSUE=1 gives the issue a fresh random id, so every run opens a new incident instead of a duplicate
set -euo pipefail
cd "$(dirname "$0")/.."

fixture="${1:-issue.created}"
url="${2:-http://127.0.0.1:8080/webhooks/sentry}"
secret="${SECRET:-sentry-triage-dev-secret}"
file="$fixture"
[[ -f "$file" ]] || file="src/test/resources/fixtures/sentry/${fixture}.json"
[[ -f "$file" ]] || { echo "no fixture $fixture (looked for $file)" >&2; exit 2; }
resource="$(basename "$file")"
resource="${resource%%.*}"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
# Sentry's serialization: separators without spaces, ensure_ascii escapes, keys in Sentry's order.
NEW_ISSUE="${NEW_ISSUE:-0}" python3 - "$file" > "$body" <<'PY'
import json, os, random, sys
with open(sys.argv[1], encoding="utf-8") as f:
    tree = json.load(f)
if os.environ.get("NEW_ISSUE") == "1":
    data = tree.get("data", {})
    for key, field in (("issue", "id"), ("event", "issue_id"), ("error", "issue_id"), ("metric_alert", "id")):
        if isinstance(data.get(key), dict):
            data[key][field] = str(random.randint(10**9, 10**10))
order = [k for k in ("action", "installation", "data", "actor") if k in tree]
ordered = {k: tree[k] for k in order + [k for k in tree if k not in order]}
sys.stdout.write(json.dumps(ordered, separators=(",", ":"), ensure_ascii=True))
PY

signature="$(openssl dgst -sha256 -hmac "$secret" -hex < "$body" | sed 's/^.*= //')"
curl -sS -w '\nHTTP %{http_code}\n' -X POST "$url" \
  -H 'Content-Type: application/json' \
  -H "Sentry-Hook-Resource: $resource" \
  -H "Sentry-Hook-Timestamp: $(date +%s)" \
  -H "Request-ID: $(python3 -c 'import uuid; print(uuid.uuid4())')" \
  -H "Sentry-Hook-Signature: $signature" \
  --data-binary @"$body"
