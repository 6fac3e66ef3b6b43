-- GETs the paths of a file in turn (each thread starts at its own offset), optionally with a cookie.
-- Arguments (after wrk's "--"): <paths file> <wrk threads> [cookie]
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "common.lua")

local paths, position, headers

function init(args)
   local n = tonumber(args[2]) or 1
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then table.insert(paths, line) end
   end
   position = math.floor(#paths * (thread_id or 0) / n)
   headers = {}
   if args[3] and args[3] ~= "" then headers["Cookie"] = args[3] end
end

function request()
   sent = sent + 1
   position = position % #paths + 1
   return wrk.format("GET", paths[position], headers)
end
