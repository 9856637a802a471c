-- wrk script for benches/soak.sh: each connection cycles through a mix of requests, and every
-- response status is counted. Expected statuses: 200 (actual requests, allowed or not: a
-- refused origin only gets no CORS headers), 204 (allowed preflights), 403 (refused
-- preflights); with the bare server every request gets 200.
local big_commas = string.rep(",", 1024 * 1024)
local big_origin = "https://" .. string.rep("a", 64 * 1024) .. ".example.com"
local many_lines = {}
for i = 1, 64 do many_lines[i] = "x-requested-with" end

local mix = {
  { "GET", { Origin = "https://example.com" } },                                  -- allowed
  { "GET", { Origin = "https://evil.test" } },                                    -- refused origin
  { "OPTIONS", { Origin = "https://example.com", ["Access-Control-Request-Method"] = "PUT",
                 ["Access-Control-Request-Headers"] = "content-type,x-requested-with" } },
  { "OPTIONS", { Origin = "https://example.com", ["Access-Control-Request-Method"] = "DELETE" } },
  { "GET", {} },                                                                  -- no Origin
  { "OPTIONS", { Origin = "https://example.com", ["Access-Control-Request-Method"] = "PUT",
                 ["Access-Control-Request-Headers"] = big_commas } },              -- 1 MiB of commas
  { "GET", { Origin = big_origin } },                                             -- 64 KiB origin
}

local requests = {}
for i, m in ipairs(mix) do requests[i] = wrk.format(m[1], "/", m[2]) end
-- 64 Access-Control-Request-Headers lines: wrk.format takes one value per name, so the lines
-- are written by hand.
do
  local lines = "OPTIONS / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://example.com\r\n"
    .. "Access-Control-Request-Method: PUT\r\n"
  for _, v in ipairs(many_lines) do lines = lines .. "Access-Control-Request-Headers: " .. v .. "\r\n" end
  requests[#requests + 1] = lines .. "\r\n"
end

local counter = 0
request = function()
  counter = counter + 1
  return requests[(counter - 1) % #requests + 1]
end

local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function() statuses = {} end
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end

done = function(summary, latency)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do parts[#parts + 1] = k .. "=" .. v end
  table.sort(parts)
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("errors: connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("p50_us=%d p99_us=%d requests=%d\n",
    latency:percentile(50), latency:percentile(99), summary.requests))
end
