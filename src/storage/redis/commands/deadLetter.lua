--[[
  A delivery failed for good: move the entry from the outbox stream to the dead-letter stream; for
  a ticket entry also store the state with the failed attempt recorded (compare-and-set).

  Input:
    KEYS[1] outbox stream
    KEYS[2] dead-letter stream
    KEYS[3] state key (hash: v, json)

    ARGV[1] consumer group
    ARGV[2] entry id
    ARGV[3] ticket id
    ARGV[4] kind
    ARGV[5] attempts (including this one)
    ARGV[6] enqueuedAt
    ARGV[7] error text
    ARGV[8] deadAt (ms since epoch)
    ARGV[9] expected state version ('' to leave the state alone)
    ARGV[10] new state JSON

  Output:
    dead-letter id   moved
    0                the entry was no longer pending: nothing written
    -1               state version conflict: nothing written, read and retry
]]
if ARGV[9] ~= '' and redis.call('HGET', KEYS[3], 'v') ~= ARGV[9] then
  return -1
end
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('XDEL', KEYS[1], ARGV[2])
local id = redis.call('XADD', KEYS[2], '*', 'ticket', ARGV[3], 'kind', ARGV[4], 'attempts', ARGV[5],
  'enqueuedAt', ARGV[6], 'error', ARGV[7], 'deadAt', ARGV[8], 'from', ARGV[2])
if ARGV[9] ~= '' then
  redis.call('HSET', KEYS[3], 'v', tonumber(ARGV[9]) + 1, 'json', ARGV[10])
end
return id
