-- POSTs one ballot per request, each by the next signed-in voter of this thread's share of the voters file.
-- Arguments (after wrk's "--"): <voters file> <vote path> <wrk threads>
-- A voters-file line: "<session key> <csrf secret (cookie)> <csrf token (form, masked)> <picks query string>".
-- When a thread runs out of voters it starts again from its first one (those ballots answer 409 and the
-- exhausted counter says so: give the benchmark more voters).
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "common.lua")

local voters, path, position

function init(args)
   local n = tonumber(args[3]) or 1
   voters = thread_share(args[1], thread_id or 0, n)
   path = args[2]
   position = 0
end

function request()
   sent = sent + 1
   position = position + 1
   if position > #voters then
      exhausted = exhausted + 1
      position = 1
   end
   local session, secret, token, picks = voters[position]:match("^(%S+) (%S+) (%S+) (%S+)$")
   local headers = {
      ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. secret,
      ["Content-Type"] = "application/x-www-form-urlencoded",
   }
   return wrk.format("POST", path, headers, "csrfmiddlewaretoken=" .. token .. "&" .. picks)
end
