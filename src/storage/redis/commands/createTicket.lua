--[[
  Store a new ticket with its state and idempotency key, index it (digest, filing and deadline
  indexes; the search's phone and filer indexes) and queue its delivery: all or nothing.

  Input:
    KEYS[1] idempotency key       (qihu:idem:<key>)
    KEYS[2] ticket key            (qihu:ticket:<id>)
    KEYS[3] state key (hash)      (qihu:state:<id>)
    KEYS[4] outbox stream         (qihu:outbox)
    KEYS[5] digests (hash)        (qihu:digests)
    KEYS[6] created index (zset)  (qihu:idx:created)
    KEYS[7] open index (zset)     (qihu:idx:open)
    KEYS[8] tickets of the phone  (qihu:tickets:by-phone:<hash>, zset)
    KEYS[9] tickets of the filer  (qihu:tickets:by-filer:<hash>, zset; untouched without ARGV[8])
    KEYS[10] filer of each ticket (qihu:tickets:filed-by, hash)

    ARGV[1] ticket id
    ARGV[2] ticket JSON
    ARGV[3] initial state JSON
    ARGV[4] enqueuedAt (ms since epoch)
    ARGV[5] digest JSON
    ARGV[6] created score (filing time, ms)
    ARGV[7] open score (deadline, ms)
    ARGV[8] username who filed it, or ''

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
redis.call('HSET', KEYS[5], ARGV[1], ARGV[5])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
redis.call('ZADD', KEYS[7], ARGV[7], ARGV[1])
redis.call('ZADD', KEYS[8], ARGV[6], ARGV[1])
if ARGV[8] ~= '' then
  redis.call('ZADD', KEYS[9], ARGV[6], ARGV[1])
  redis.call('HSET', KEYS[10], ARGV[1], ARGV[8])
end
local entryId = redis.call('XADD', KEYS[4], '*',
  'ticket', ARGV[1], 'kind', 'ticket', 'attempts', 0, 'enqueuedAt', ARGV[4])
return { 1, ARGV[1], entryId }
