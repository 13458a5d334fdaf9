--[[
  Appends a batch of conversation records to the capped records stream in one round trip.

  Input:
    KEYS[1] records stream
    ARGV[1] approximate cap of the stream (XADD MAXLEN ~)
    ARGV[2..] one record's JSON each

  Output: the number of records appended
]]
for i = 2, #ARGV do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'r', ARGV[i])
end
return #ARGV - 1
