--[[
  Queue a dead letter again, with attempts reset and a fresh retry window.

  Input:
    KEYS[1] dead-letter stream
    KEYS[2] outbox stream

    ARGV[1] dead-letter id
    ARGV[2] enqueuedAt (ms since epoch)

  Output:
    new outbox entry id
    false (nil) if there is no such dead letter
]]
local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #found == 0 then
  return false
end
local fields = found[1][2]
local h = {}
for i = 1, #fields, 2 do
  h[fields[i]] = fields[i + 1]
end
redis.call('XDEL', KEYS[1], ARGV[1])
return redis.call('XADD', KEYS[2], '*', 'ticket', h['ticket'], 'kind', h['kind'], 'attempts', 0,
  'enqueuedAt', ARGV[2])
