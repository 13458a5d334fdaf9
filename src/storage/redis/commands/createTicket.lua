--[[
  Store a new ticket with its state and idempotency key, queue its delivery and index it for
  searches: all or nothing.

  Input:
    KEYS[1] idempotency key       (qihu:idem:<key>)
    KEYS[2] ticket key            (qihu:ticket:<id>)
    KEYS[3] state key (hash)      (qihu:state:<id>)
    KEYS[4] outbox stream         (qihu:outbox)
    KEYS[5] tickets by time       (qihu:tickets:by-time, sorted set)
    KEYS[6] tickets of the phone  (qihu:tickets:by-phone:<hash>, sorted set)
    KEYS[7] tickets of the filer  (qihu:tickets:by-filer:<hash>, sorted set; untouched without ARGV[6])
    KEYS[8] filer of each ticket  (qihu:tickets:filed-by, hash)

    ARGV[1] ticket id
    ARGV[2] ticket JSON
    ARGV[3] initial state JSON
    ARGV[4] enqueuedAt (ms since epoch)
    ARGV[5] createdAt (ms since epoch): the indexes' score
    ARGV[6] username who filed it, or ''

  Output:
    { 1, id, entryId }   created and queued
    { 0, existingId }    the idempotency key is known: nothing written
    { -1, id }           the ticket id is taken (sequence reset): nothing written
]]
local existing = redis.call('GET', KEYS[1])
if existing then
  return { 0, existing }
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return { -1, ARGV[1] }
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[3], 'v', 1, 'json', ARGV[3])
local entryId = redis.call('XADD', KEYS[4], '*',
  'ticket', ARGV[1], 'kind', 'ticket', 'attempts', 0, 'enqueuedAt', ARGV[4])
redis.call('ZADD', KEYS[5], ARGV[5], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[5], ARGV[1])
if ARGV[6] ~= '' then
  redis.call('ZADD', KEYS[7], ARGV[5], ARGV[1])
  redis.call('HSET', KEYS[8], ARGV[1], ARGV[6])
end
return { 1, ARGV[1], entryId }
