-- wrk script: unique Sentry-shaped event_alert bodies, signed like Sentry signs them (HMAC-SHA256 over the exact
-- bytes, through OpenSSL's libcrypto via LuaJIT's FFI), over ISSUES issues. Counts answers by status.
-- env: SECRET (signing secret), TEMPLATE (compact JSON body with the placeholders @EVENT@, @ISSUE@), ISSUES, RUN,
--      RATE and THREADS (optional: send RATE requests a second in all, THREADS being wrk's -t; see delay() below;
--      latency is counted from the actual send)
local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("crypto")

local secret = os.getenv("SECRET") or "bench-secret-at-least-16-chars"
local issues = tonumber(os.getenv("ISSUES") or "50")
local run = os.getenv("RUN") or tostring(os.time())
local template
do
  local f = assert(io.open(os.getenv("TEMPLATE"), "rb"))
  template = f:read("*a")
  f:close()
end

local md = ffi.new("unsigned char[32]")
local mdlen = ffi.new("unsigned int[1]")
local function sign(body)
  crypto.HMAC(crypto.EVP_sha256(), secret, #secret, body, #body, md, mdlen)
  local out = {}
  for i = 0, 31 do out[#out + 1] = string.format("%02x", md[i]) end
  return table.concat(out)
end

local counter = 0
thread_id = 0
statuses = {}
threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

-- Fixed rate: each wrk thread keeps its own schedule of send times, one every THREADS/RATE seconds, and hands the
-- next free slot to whichever of its connections is ready (wrk asks delay() before every request). The schedule is
-- absolute, so a slow answer does not lower the rate: as long as some connection is idle, requests leave on time.
local rate = tonumber(os.getenv("RATE") or "0")
local nthreads = tonumber(os.getenv("THREADS") or "2")
if rate > 0 then
  ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } timespec_t;
  int clock_gettime(int clk_id, timespec_t *tp);
  ]]
  local ts = ffi.new("timespec_t")
  local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval = nthreads * 1000 / rate
  local next_at = nil
  function delay()
    local now = now_ms()
    if next_at == nil then next_at = now end
    local wait = next_at - now
    next_at = next_at + interval
    return wait > 0 and wait or 0
  end
end

function request()
  counter = counter + 1
  local n = counter
  local body = template:gsub("@EVENT@", run .. "-" .. tid .. "-" .. n, 1)
                       :gsub("@ISSUE@", tostring(900000 + (n % issues)), 1)
  return wrk.format("POST", "/webhooks/sentry", {
    ["Content-Type"] = "application/json",
    ["Sentry-Hook-Resource"] = "event_alert",
    ["Sentry-Hook-Timestamp"] = tostring(os.time()),
    ["Sentry-Hook-Signature"] = sign(body),
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do merged[k] = (merged[k] or 0) + v end
  end
  local codes = {}
  for k, v in pairs(merged) do codes[#codes + 1] = k .. ":" .. v end
  table.sort(codes)
  local ok = (merged[202] or 0) + (merged[200] or 0)
  io.write(string.format("sent=%d ok=%d errors=%d seconds=%.2f ok_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f codes=%s\n",
    summary.requests, ok, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, ok / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    table.concat(codes, ",")))
end
