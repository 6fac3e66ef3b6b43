-- GETs as many signed-in users in turn: each line of the file is "<session key> <path>"; thread k of n takes
-- lines k, k+n, … and cycles through them.
-- Arguments (after wrk's "--"): <sessions file> <wrk threads> [session cookie name]
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "common.lua")

local lines, position, cookie_name

function init(args)
   local n = tonumber(args[2]) or 1
   lines = thread_share(args[1], thread_id or 0, n)
   cookie_name = args[3] or "sessionid"
   position = 0
end

function request()
   sent = sent + 1
   position = position % #lines + 1
   local session, path = lines[position]:match("^(%S+) (%S+)$")
   return wrk.format("GET", path, { ["Cookie"] = cookie_name .. "=" .. session })
end
