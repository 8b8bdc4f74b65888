#!/usr/bin/env bash
# Sends one sample to a running sentry-triage the way its sender does.
#
#   scripts/send-sample.sh foundries [file] [url]     a jobserv build (default build-failed-detailed.json), X-JobServ-Sig
#   scripts/send-sample.sh servo [file] [url]         a servo event (default after-adjust.json), X-Servo-Signature
#   scripts/send-sample.sh alertmanager [file] [url]  an Alertmanager group (default firing.json), Bearer token
#   scripts/send-sample.sh generic [alert|change] [url]  a Standard Webhooks delivery to the source "demo"
#   scripts/send-sample.sh [fixture] [url]            a Sentry fixture (below)
#
# Non-Sentry samples are the fixtures under src/test/resources/fixtures/<source>/ sent byte for byte; SECRET signs
# (or, for Alertmanager, is the token); the default is the development secret of local mode. The generic source's
# default key is whsec_ + base64 of that secret (the "demo" source of local mode).
#
# Sentry: compact JSON with non-ASCII escaped, signed with HMAC-SHA256 over the exact bytes sent.
#
#   fixture  a name from src/test/resources/fixtures/sentry (default issue.created), or a path to a JSON file
#   url      default http://127.0.0.1:8080/webhooks/sentry
#   SECRET   the client secret to sign with (default: the development secret of local mode)
#   NEW_ISSUE=1 gives the issue a fresh random id, so every run opens a new incident instead of a duplicate
set -euo pipefail
cd "$(dirname "$0")/.."

base="${BASE_URL:-http://127.0.0.1:8080}"
secret="${SECRET:-sentry-triage-dev-secret}"
post() { curl -sS -w '\nHTTP %{http_code}\n' -X POST "$@"; }
case "${1:-}" in
  foundries)
    file="src/test/resources/fixtures/foundries/${2:-build-failed-detailed.json}"
    sig="$(openssl dgst -sha256 -hmac "$secret" -hex < "$file" | sed 's/^.*= //')"
    post "${3:-$base/webhooks/foundries}" -H 'Content-type: application/json' -H "X-JobServ-Sig: sha256:$sig" \
      --data-binary @"$file"
    exit ;;
  servo)
    file="src/test/resources/fixtures/servo/${2:-after-adjust.json}"
    sig="$(openssl dgst -sha1 -hmac "$secret" -hex < "$file" | sed 's/^.*= //')"
    post "${3:-$base/webhooks/servo}" -H 'Content-Type: application/vnd.opsani.servo-webhooks+json' \
      -H "X-Servo-Signature: $sig" --data-binary @"$file"
    exit ;;
  alertmanager)
    file="src/test/resources/fixtures/alertmanager/${2:-firing.json}"
    post "${3:-$base/webhooks/alertmanager}" -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $secret" --data-binary @"$file"
    exit ;;
  generic)
    kind="${2:-alert}"
    url="${3:-$base/webhooks/demo}"
    key="${KEY:-whsec_$(printf %s "$secret" | base64)}"
    if [[ "$kind" == change ]]; then
      body='{"type": "change", "title": "deploy shop 1.4.3", "project": "shop", "url": "https://ci.example.com/deploys/9"}'
    else
      body='{"key": "checkout-5xx", "title": "Checkout answers 5xx", "level": "error", "project": "shop", "url": "https://grafana.example.com/d/1"}'
    fi
    id="msg_$(python3 -c 'import uuid; print(uuid.uuid4().hex)')"
    ts="$(date +%s)"
    sig="$(KEY="$key" ID="$id" TS="$ts" BODY="$body" python3 -c '
import base64, hashlib, hmac, os
key = base64.b64decode(os.environ["KEY"].removeprefix("whsec_"))
msg = (os.environ["ID"] + "." + os.environ["TS"] + "." + os.environ["BODY"]).encode()
print("v1," + base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode())')"
    post "$url" -H 'Content-Type: application/json' -H "webhook-id: $id" -H "webhook-timestamp: $ts" \
      -H "webhook-signature: $sig" --data "$body"
    exit ;;
esac

fixture="${1:-issue.created}"
url="${2:-$base/webhooks/sentry}"
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
