--[[
  Compare-and-set a ticket's state (the new state is computed by the domain code in TypeScript
  from the version it read), optionally queueing an outbox entry in the same step, and keep the
  ticket's digest and its place in the digest indexes in step with it. With a notification entry
  given, the status change's notification goes into the notification outbox in the same step too
  (notification-outbox.ts's layout; a dedup key seen within its window queues nothing).

  Input:
    KEYS[1] state key (hash: v, json)
    KEYS[2] outbox stream
    KEYS[3] digests (hash)
    KEYS[4] open index (zset)
    KEYS[5] answered index (zset)
    KEYS[6] rated index (zset)
    KEYS[7] notification dedup key (string)        } only when ARGV[10] is not ''
    KEYS[8] notification entries (hash)             }
    KEYS[9] notification due (zset)                 }

    ARGV[1] expected version
    ARGV[2] new state JSON
    ARGV[3] outbox kind to queue ('' for none, 'rating')
    ARGV[4] ticket id (for the outbox entry, the digest and the indexes)
    ARGV[5] enqueuedAt (ms since epoch)
    ARGV[6] digest JSON
    ARGV[7] open score    ('' : not in the index)
    ARGV[8] answered score ('' : not in the index)
    ARGV[9] rated score   ('' : not in the index)
    ARGV[10] notification entry id ('' : none)
    ARGV[11] notification entry JSON
    ARGV[12] notification due at (ms)
    ARGV[13] notification dedup window (ms)

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
redis.call('HSET', KEYS[3], ARGV[4], ARGV[6])
for i = 4, 6 do
  if ARGV[i + 3] == '' then
    redis.call('ZREM', KEYS[i], ARGV[4])
  else
    redis.call('ZADD', KEYS[i], ARGV[i + 3], ARGV[4])
  end
end
if ARGV[3] ~= '' then
  redis.call('XADD', KEYS[2], '*', 'ticket', ARGV[4], 'kind', ARGV[3], 'attempts', 0, 'enqueuedAt', ARGV[5])
end
if ARGV[10] and ARGV[10] ~= '' then
  if redis.call('SET', KEYS[7], ARGV[10], 'NX', 'PX', ARGV[13]) then
    redis.call('HSET', KEYS[8], ARGV[10], ARGV[11])
    redis.call('ZADD', KEYS[9], ARGV[12], ARGV[10])
  end
end
return n
