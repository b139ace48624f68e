-- A wrong-password sign-in for the registered user, over and over; counts the status codes (all wrk threads) so run.sh
-- can say what the flood met: 401 (verified and refused), 429 (rate limited) or 423/other (locked out).
wrk.method = "POST"
wrk.body = '{"userName":"bench","password":"not-the-password","token":true}'
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, status .. ":" .. n)
  end
  table.sort(parts)
  io.write("statuses " .. table.concat(parts, " ") .. "\n")
end
