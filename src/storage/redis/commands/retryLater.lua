--[[
  A delivery failed for now: take the entry off the stream and schedule it in the retry set; for a
  ticket entry also store the state with the failed attempt recorded (compare-and-set).

  Input:
    KEYS[1] outbox stream
    KEYS[2] retry sorted set
    KEYS[3] state key (hash: v, json)

    ARGV[1] consumer group
    ARGV[2] entry id
    ARGV[3] due time (ms since epoch)
    ARGV[4] retry member JSON { ticket, kind, attempts, enqueuedAt, lastError, from }
    ARGV[5] expected state version ('' to leave the state alone)
    ARGV[6] new state JSON

  Output:
    1    scheduled
    0    the entry was no longer pending: nothing written
    -1   state version conflict: nothing written, read and retry
]]
if ARGV[5] ~= '' and redis.call('HGET', KEYS[3], 'v') ~= ARGV[5] then
  return -1
end
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[3], 'v', tonumber(ARGV[5]) + 1, 'json', ARGV[6])
end
return 1
