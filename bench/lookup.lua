-- wrk script of the public tracking benchmark: GET /api/v1/public/dossiers/{code}?secret=... for
-- code/secret pairs picked at random from the file named by BENCH_CODES ("code secret" lines,
-- written by bench_gen_dossiers). Every secret is right, so every answer must be 200. Prints
-- bench/report.lua's BENCH line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local counter = 0
function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
end

local paths = {}
function init(args)
   local file = assert(io.open(assert(os.getenv("BENCH_CODES"), "BENCH_CODES not set"), "r"))
   for line in file:lines() do
      local code, secret = line:match("^(%S+) (%S+)$")
      if code then
         paths[#paths + 1] = "/api/v1/public/dossiers/" .. code .. "?secret=" .. secret
      end
   end
   file:close()
   assert(#paths > 0, "no code/secret lines in BENCH_CODES")
   math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end
