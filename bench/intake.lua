-- wrk script of the durable intake benchmark: POST /api/v1/dossiers with the JSON body in
-- BENCH_BODY (bench/dossiers.sh: a counter intake of the seeded procedure 1.004837 at Hoàn Kiếm's
-- service point) as the receiver whose session token is in BENCH_TOKEN. Every request creates a
-- new dossier (no Idempotency-Key); the answer is 201. Prints bench/report.lua's BENCH line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN not set")
wrk.body = assert(os.getenv("BENCH_BODY"), "BENCH_BODY not set")
