-- Shared by the selection benchmark's wrk scripts (loaded with dofile): per-thread status counters and a done()
-- hook that prints the latency percentiles (wrk --latency has no 95th) and the status classes, in lines that
-- bench/selection.py parses:
--   BENCH latency_us p50=… p90=… p95=… p99=… max=…
--   BENCH status 2xx=… 3xx=… 4xx=… 5xx=… exhausted=… sent=…
-- Counters live in each thread's Lua state as globals, so done() (main state) reads them with thread:get().

threads = {}
local thread_count = 0

function setup(thread)
   thread:set("thread_id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

c2, c3, c4, c5, exhausted, sent = 0, 0, 0, 0, 0, 0

function response(status, headers, body)
   if status >= 500 then c5 = c5 + 1
   elseif status >= 400 then c4 = c4 + 1
   elseif status >= 300 then c3 = c3 + 1
   else c2 = c2 + 1 end
end

function done(summary, latency, requests)
   io.write(string.format("BENCH latency_us p50=%d p90=%d p95=%d p99=%d max=%d\n",
      latency:percentile(50), latency:percentile(90), latency:percentile(95),
      latency:percentile(99), latency.max))
   local s2, s3, s4, s5, ex, se = 0, 0, 0, 0, 0, 0
   for _, t in ipairs(threads) do
      s2 = s2 + (t:get("c2") or 0)
      s3 = s3 + (t:get("c3") or 0)
      s4 = s4 + (t:get("c4") or 0)
      s5 = s5 + (t:get("c5") or 0)
      ex = ex + (t:get("exhausted") or 0)
      se = se + (t:get("sent") or 0)
   end
   io.write(string.format("BENCH status 2xx=%d 3xx=%d 4xx=%d 5xx=%d exhausted=%d sent=%d\n", s2, s3, s4, s5, ex, se))
end

-- The lines of a file, skipping empty ones; thread k of n keeps lines k, k+n, k+2n… so no two threads share one.
function thread_share(path, k, n)
   local mine, i = {}, 0
   for line in io.lines(path) do
      if line ~= "" then
         if i % n == k then table.insert(mine, line) end
         i = i + 1
      end
   end
   return mine
end
