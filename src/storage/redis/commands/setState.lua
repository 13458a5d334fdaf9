--[[
  Compare-and-set a ticket's state (the new state is computed by the domain code in TypeScript
  from the version it read), optionally queueing an outbox entry in the same step.

  Input:
    KEYS[1] state key (hash: v, json)
    KEYS[2] outbox stream

    ARGV[1] expected version
    ARGV[2] new state JSON
    ARGV[3] outbox kind to queue ('' for none, 'rating')
    ARGV[4] ticket id (for the outbox entry)
    ARGV[5] enqueuedAt (ms since epoch)

  Output:
    n    the new version
    -1   version conflict (someone else changed the state): nothing written, read and retry
    -2   no such ticket
]]
local v = redis.call('HGET', KEYS[1], 'v')
if not v then
  return -2
end
if v ~= ARGV[1] then
  return -1
end
local n = tonumber(v) + 1
redis.call('HSET', KEYS[1], 'v', n, 'json', ARGV[2])
if ARGV[3] ~= '' then
  redis.call('XADD', KEYS[2], '*', 'ticket', ARGV[4], 'kind', ARGV[3], 'attempts', 0, 'enqueuedAt', ARGV[5])
end
return n
