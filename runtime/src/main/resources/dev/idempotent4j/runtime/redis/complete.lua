--[[
  complete: stores the successful outcome of a claim and wakes the waiters, if the caller still
  holds the claim. (record.lua is put in front of this file: see it for the record's fields.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] token        fencing token of the caller's claim
    ARGV[2] result       the outcome as codec JSON
    ARGV[3] ttl          milliseconds the outcome is kept
    ARGV[4] channel      where the wake-up is published

  Output (an array of strings):
    {'ok'}                   stored, waiters notified
    {'lost'}                 the claim was taken over, released or expired: nothing written
    {'corrupt', key, what}   the value under key is not ours; nothing written
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local token, result, ttl, channel = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]

local nowMillis = math.floor(serverMicros() / 1000)
local rec = readRecord(recordKey)
if rec and rec.corrupt then return {'corrupt', recordKey, rec.corrupt} end
if not holds(rec, token, nowMillis) then return {'lost'} end

redis.call('HDEL', recordKey, 'lease_until')
redis.call('HSET', recordKey, 'state', 'completed', 'result', result, 'done_at', decimal(nowMillis))
redis.call('PEXPIRE', recordKey, ttl)
-- the next claim after this outcome expires is a new first attempt
redis.call('HSET', fenceKey, 'token', token, 'attempt', 0, 'held', '0')
keepFence(fenceKey, ttl)
redis.call('PUBLISH', channel, 'completed')
return {'ok'}
