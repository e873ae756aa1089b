-- wrk script of the durable intake benchmark: POST /api/v1/dossiers with the JSON body in
-- BENCH_BODY (bench/dossiers.sh: a counter intake of the seeded procedure 1.004837 at Hoàn Kiếm's
-- service point) as the receiver whose session token is in BENCH_TOKEN. Every request creates a
-- new dossier (no Idempotency-Key); the answer is 201. Prints bench/report.lua's BENCH line.
--
-- BENCH_NAMES=1: each request names another applicant, as at a real counter: the body's "Nguyễn
-- Thị Hằng" is replaced by one of the 16 x 12 x 36 names made of the lists below, in a fixed order
-- that changes every word from one request to the next (each of wrk's threads from another start).
-- An applicant's words are postings of the name search (dossier_name_words): one name over and
-- over appends its three postings where the last ones were, while each new name's land wherever
-- its words sort, so that a commit writes more pages (docs/performance.md, "One name, or many").
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_TOKEN"), "BENCH_TOKEN not set")
wrk.body = assert(os.getenv("BENCH_BODY"), "BENCH_BODY not set")

--
-- BENCH_IDS=1: each request another applicant's personal identification number too, in place of
-- the body's 001190012345: 001 (Hà Nội), a century-and-sex digit 0 or 1, a birth year 1950-1999
-- and six more digits, in a fixed order that spreads them over the whole range. The number is the
-- key of the index of an applicant's dossiers (dossiers_applicant): one number over and over adds
-- to one place in it, a new one to wherever it sorts (docs/performance.md, "A million dossiers").
local names = os.getenv("BENCH_NAMES") == "1"
local ids = os.getenv("BENCH_IDS") == "1"
if names or ids then
   local threads = 0
   setup = function(thread) -- in wrk's main state: each thread's start in the list
      thread:set("start", threads * 1009)
      threads = threads + 1
   end

   local surnames = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
      "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
   local middles = {"Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Quang", "Thanh", "Kim",
      "Xuân", "Hoài"}
   local givens = {"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hằng", "Hải", "Hiếu", "Hoa", "Hùng",
      "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn",
      "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Việt", "Yến", "Vy", "Tùng", "Thắng", "Tiến", "Toàn",
      "Uyên"}
   local body = wrk.body
   if names then
      assert(body:find("Nguyễn Thị Hằng", 1, true), "BENCH_NAMES=1: the body names no Nguyễn Thị Hằng")
   end
   if ids then
      assert(body:find("001190012345", 1, true), "BENCH_IDS=1: the body has no 001190012345")
   end
   local n = 0
   request = function()
      local j = (start or 0) + n
      n = n + 1
      local text = body
      if names then
         -- the request's place in a fixed order of all 6,912 names, in which the given name too
         -- changes from one request to the next (1663 is prime, so every name comes once a round)
         local k = (j * 1663) % (#surnames * #middles * #givens)
         local name = surnames[k % #surnames + 1] .. " " ..
            middles[math.floor(k / #surnames) % #middles + 1] .. " " ..
            givens[math.floor(k / (#surnames * #middles)) + 1]
         text = text:gsub("Nguyễn Thị Hằng", name, 1)
      end
      if ids then
         -- 2 x 50 x 1,000,000 numbers; the year and the last six digits each step by a number
         -- prime to their range, so that consecutive requests land far apart
         local id = string.format("001%d%02d%06d", j % 2, 50 + (j * 37) % 50, (j * 104729) % 1000000)
         text = text:gsub("001190012345", id, 1)
      end
      return wrk.format(nil, nil, nil, text)
   end
end
