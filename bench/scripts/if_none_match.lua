-- Sends the ETag given after "--" as If-None-Match on every request, so a server that validates it
-- answers 304 Not Modified without a body: wrk -s bench/scripts/if_none_match.lua URL -- '"etag"'
function init(args)
  wrk.headers["If-None-Match"] = args[1]
end
