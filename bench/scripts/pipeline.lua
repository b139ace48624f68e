-- Sends 16 requests per write, as HTTP/1.1 pipelining allows; the server must answer them in order.
local depth = 16

init = function(args)
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format(nil, "/plaintext")
  end
  req = table.concat(r)
end

request = function()
  return req
end
