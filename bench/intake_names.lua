-- experiment: bench/intake.lua with a different applicant name per request
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN not set")
local body = assert(os.getenv("BENCH_BODY"), "BENCH_BODY not set")
local sur = {"Nguyễn","Trần","Lê","Phạm","Hoàng","Huỳnh","Phan","Vũ","Võ","Đặng","Bùi","Đỗ","Hồ","Ngô","Dương","Lý"}
local mid = {"Văn","Thị","Đức","Minh","Thu","Ngọc","Hữu","Quang","Thanh","Kim","Xuân","Hoài"}
local giv = {"An","Bình","Chi","Dũng","Giang","Hà","Hằng","Hải","Hiếu","Hoa","Hùng","Hương","Khánh","Lan","Linh","Long","Mai","Nam","Nga","Phong","Phúc","Quân","Sơn","Tâm","Thảo","Trang","Trung","Tuấn","Việt","Yến","Vy","Tùng","Thắng","Tiến","Toàn","Uyên"}
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
request = function()
   local n = sur[math.random(#sur)] .. " " .. mid[math.random(#mid)] .. " " .. giv[math.random(#giv)]
   local b = body:gsub("Nguyễn Thị Hằng", n)
   return wrk.format(nil, nil, nil, b)
end
