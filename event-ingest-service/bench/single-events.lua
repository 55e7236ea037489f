-- wrk script: single storefront events through the gateway, each from one of the sessions listed
-- (one "sbme_uid=..." cookie per line) in the file named by $SBME_BENCH_COOKIES. Event ids are
-- unique per run ($SBME_BENCH_RUN), thread and request, so none is answered as a duplicate.
--   SBME_BENCH_COOKIES=cookies.txt SBME_BENCH_RUN=r1 wrk -t2 -c64 -d15s -s single-events.lua http://localhost:8080

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  cookies = {}
  for line in io.lines(os.getenv("SBME_BENCH_COOKIES")) do
    cookies[#cookies + 1] = line
  end
  run = os.getenv("SBME_BENCH_RUN") or "run"
  sent = 0
end

function request()
  sent = sent + 1
  local body = string.format(
    '{"type":"view_product","eventId":"wrk-%s-%d-%d","properties":{"product_id":"p-%d","price":10}}',
    run, tid, sent, sent % 50)
  -- Threads walk the sessions from different offsets, so each session's rate stays even.
  local cookie = cookies[(sent * 7 + tid * 13) % #cookies + 1]
  return wrk.format("POST", "/api/v1/events", {["Content-Type"] = "application/json", ["Cookie"] = cookie}, body)
end
