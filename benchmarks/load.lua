-- The wrk script of benchmarks/load.py, which puts CONFIG in front of it:
--   CONFIG.kinds: {name, weight, method, paths, body, cookie, write}; each request first
--     picks a kind by its weight, then one of that kind's paths at random, so the shares
--     are those of the kinds whatever the number of paths;
--   CONFIG.run: the number of this wrk run; CONFIG.ids: the file that receives, one line
--     each, the writes the portal accepted ("kind<TAB>client address<TAB>id").
-- A write (a kind with `write`) is built anew for every request: a new client address in
-- X-Real-IP, as the TLS proxy in front of Varnish would set it, and a new id in place of
-- {id} in the body.
-- load.py runs one connection per wrk thread: an answer then belongs to the request that
-- thread sent last, so it is counted under that request's kind, and a write's id is
-- recorded when its answer accepts it (2xx or 3xx).

local COUNTERS = {
  "sent", "answered", "accepted", "varnish_hit", "portal_hit", "limited", "unavailable",
  "failed",
}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local total_weight = 0
local pending
local sequence = 0
stats, ids = {}, {}

-- wrk sets the Host header in init, after this file is loaded.
function init(args)
  for _, kind in ipairs(CONFIG.kinds) do
    total_weight = total_weight + kind.weight
    kind.headers = {}
    for name, value in pairs(wrk.headers) do kind.headers[name] = value end
    if kind.body then kind.headers["Content-Type"] = "application/x-www-form-urlencoded" end
    if kind.cookie then kind.headers["Cookie"] = kind.cookie end
    if not kind.write then
      kind.requests = {}
      for i, path in ipairs(kind.paths) do
        kind.requests[i] = wrk.format(kind.method, path, kind.headers, kind.body)
      end
    end
    for _, counter in ipairs(COUNTERS) do stats[kind.name .. "." .. counter] = 0 end
  end
  math.randomseed(os.time() * 100 + number)
  -- LuaJIT's first draws after nearby seeds are alike: the threads would pick alike.
  for _ = 1, 10 do math.random() end
end

-- Flat, keyed "kind.counter": wrk's thread:get copies nested tables wrongly.
local function count(kind, counter)
  local key = kind .. "." .. counter
  stats[key] = stats[key] + 1
end

local function pick_kind()
  local point = math.random() * total_weight
  for _, kind in ipairs(CONFIG.kinds) do
    point = point - kind.weight
    if point < 0 then return kind end
  end
  return CONFIG.kinds[#CONFIG.kinds]
end

local function write_request(kind)
  sequence = sequence + 1
  local id = string.format("r%d-%d-%d", CONFIG.run, number, sequence)
  local address = string.format("fd00:%x:%x::%x", CONFIG.run, number, sequence)
  local headers = {}
  for name, value in pairs(kind.headers) do headers[name] = value end
  headers["X-Real-IP"] = address
  local path = kind.paths[math.random(#kind.paths)]
  local body = kind.body:gsub("{id}", id)
  pending = {kind = kind.name, write = kind.name .. "\t" .. address .. "\t" .. id}
  return wrk.format(kind.method, path, headers, body)
end

function request()
  local kind = pick_kind()
  count(kind.name, "sent")
  if kind.write then return write_request(kind) end
  pending = {kind = kind.name}
  return kind.requests[math.random(#kind.requests)]
end

function response(status, headers, body)
  local asked = pending
  pending = nil
  if not asked then return end
  count(asked.kind, "answered")
  if status < 400 then
    count(asked.kind, "accepted")
    if asked.write then table.insert(ids, asked.write) end
  elseif status == 429 then count(asked.kind, "limited")
  elseif status == 503 then count(asked.kind, "unavailable")
  else count(asked.kind, "failed")
  end
  -- Who answered: Varnish from its cache (its X-Cache), the portal from its page cache
  -- (X-Portal-Cache, meaningful only when Varnish did not answer), or a rendering.
  if headers["X-Cache"] == "hit" then count(asked.kind, "varnish_hit")
  elseif headers["X-Portal-Cache"] == "hit" then count(asked.kind, "portal_hit")
  end
end

function done(summary, latency, requests)
  local file = assert(io.open(CONFIG.ids, "w"))
  for _, kind in ipairs(CONFIG.kinds) do
    local totals = {}
    for _, counter in ipairs(COUNTERS) do totals[counter] = 0 end
    for _, thread in ipairs(threads) do
      local counts = thread:get("stats")
      for _, counter in ipairs(COUNTERS) do
        totals[counter] = totals[counter] + counts[kind.name .. "." .. counter]
      end
    end
    local line = "KIND " .. kind.name
    for _, counter in ipairs(COUNTERS) do line = line .. " " .. counter .. "=" .. totals[counter] end
    io.write(line .. "\n")
  end
  for _, thread in ipairs(threads) do
    for _, write in ipairs(thread:get("ids")) do file:write(write, "\n") end
  end
  file:close()
  local errors = summary.errors
  io.write(string.format("RESULT requests=%d duration=%d socket_errors=%d status_errors=%d " ..
    "p50=%d p90=%d p99=%d p999=%d max=%d\n",
    summary.requests, summary.duration, errors.connect + errors.read + errors.write +
    errors.timeout, errors.status, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
