--[[
  A delivery succeeded: acknowledge and delete the stream entry and, for a ticket entry, store the
  delivered state (compare-and-set against the version the caller read) and its digest. Delivery
  leaves a ticket open with the same deadline: its place in the digest indexes stays.

  Input:
    KEYS[1] outbox stream
    KEYS[2] state key (hash: v, json)
    KEYS[3] digests (hash)

    ARGV[1] consumer group
    ARGV[2] entry id
    ARGV[3] expected state version ('' to leave the state alone)
    ARGV[4] new state JSON
    ARGV[5] ticket id
    ARGV[6] digest JSON

  Output:
    1    acknowledged
    0    the entry was no longer pending (another consumer finished it): nothing written
    -1   state version conflict: nothing written, read and retry
]]
if ARGV[3] ~= '' and redis.call('HGET', KEYS[2], 'v') ~= ARGV[3] then
  return -1
end
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'v', tonumber(ARGV[3]) + 1, 'json', ARGV[4])
  redis.call('HSET', KEYS[3], ARGV[5], ARGV[6])
end
return 1
