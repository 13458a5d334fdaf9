--[[
  Write a ticket's digest and its place in the digest indexes, as computed from the state version
  the caller read: for tickets stored before the digests existed, or under an older DIGEST_VERSION.
  A state changed since is left alone (its own write indexed it): read it again.

  Input:
    KEYS[1] state key (hash: v, json)
    KEYS[2] digests (hash)
    KEYS[3] created index (zset)
    KEYS[4] open index (zset)
    KEYS[5] answered index (zset)
    KEYS[6] rated index (zset)

    ARGV[1] expected state version
    ARGV[2] ticket id
    ARGV[3] digest JSON
    ARGV[4] created score
    ARGV[5] open score     ('' : not in the index)
    ARGV[6] answered score ('' : not in the index)
    ARGV[7] rated score    ('' : not in the index)

  Output:
    1    written
    -1   the state changed (or vanished) since it was read: nothing written
]]
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then
  return -1
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
for i = 3, 6 do
  if ARGV[i + 1] == '' then
    redis.call('ZREM', KEYS[i], ARGV[2])
  else
    redis.call('ZADD', KEYS[i], ARGV[i + 1], ARGV[2])
  end
end
return 1
