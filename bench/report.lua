-- wrk script shared by every motcua benchmark: leaves the requests as wrk builds them (GET of the
-- URL given on the command line, keep-alive) and, at the end, prints one machine-readable line
-- that bench/run.sh reads instead of parsing wrk's human summary:
--   BENCH requests=N seconds=S rps=R p50_us=A p99_us=B errors=E non2xx=F
done = function(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(99),
      e.connect + e.read + e.write + e.timeout, e.status))
end
