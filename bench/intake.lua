-- wrk script of the durable intake benchmark: POST /api/v1/dossiers with a counter intake of the
-- seeded procedure 1.004837 (guardianship, 3 working days) at Hoàn Kiếm's service point, as the
-- receiver tiepnhan.hoankiem, whose session token comes in BENCH_TOKEN. Every request creates a
-- new dossier (no Idempotency-Key); the answer is 201. Prints bench/report.lua's BENCH line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
wrk.body = '{"procedure":"1.004837","applicant":{"kind":"person","name":"Nguyễn Thị Hằng",'
   .. '"id_number":"001190012345","phone":"0912345678","address":"Số 1 Tràng Tiền, Hoàn Kiếm"},'
   .. '"resolver_unit":"001.00.50.H26","channel":"counter",'
   .. '"components":[{"id":"tp02","provided":true},{"id":"tp07","provided":true}]}'
