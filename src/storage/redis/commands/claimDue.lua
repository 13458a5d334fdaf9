--[[
  Hand up to `max` due outbox entries to a consumer of the group:
    1. scheduled retries whose time has come move from the retry set back to the stream;
    2. entries pending longer than the lease with another (crashed or stuck) consumer are claimed
       (XAUTOCLAIM);
    3. new entries are read (XREADGROUP >).

  Input:
    KEYS[1] outbox stream
    KEYS[2] retry sorted set (score = due time in ms, member = entry JSON)

    ARGV[1] consumer group
    ARGV[2] consumer name
    ARGV[3] max entries
    ARGV[4] lease in ms (min idle time for reclaiming)
    ARGV[5] now (ms since epoch)

  Output:
    flat array { id1, fields1, id2, fields2, ... }, fields as a flat name/value array
]]
local max = tonumber(ARGV[3])

local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[5], 'LIMIT', 0, 1000)
for _, member in ipairs(due) do
  local e = cjson.decode(member)
  redis.call('XADD', KEYS[1], '*', 'ticket', e.ticket, 'kind', e.kind,
    'attempts', e.attempts, 'enqueuedAt', e.enqueuedAt, 'lastError', e.lastError)
  redis.call('ZREM', KEYS[2], member)
end

local out = {}
local n = 0
local reclaimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[4], '0-0', 'COUNT', max)
for _, msg in ipairs(reclaimed[2]) do
  if msg and msg[2] then
    out[#out + 1] = msg[1]
    out[#out + 1] = msg[2]
    n = n + 1
  end
end

if n < max then
  local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', max - n, 'STREAMS', KEYS[1], '>')
  if fresh then
    for _, msg in ipairs(fresh[1][2]) do
      out[#out + 1] = msg[1]
      out[#out + 1] = msg[2]
    end
  end
end
return out
