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
    ARGV[5] fence ttl    milliseconds the fence key is kept from now (at least the ttl)

  Output (an array of strings):
    {'ok'}                   stored, waiters (if a claim found the record running) notified
    {'lost'}                 the claim was taken over, released or expired: nothing written
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing written

  Commands: TIME, HMGET of the record and of the fence, HDEL lease_until, HSET and PEXPIRE of
  the record, HSET of the fence: 7 (record.lua's settleFence says when the fence also needs
  PEXPIRE), and PUBLISH only when a claim found the record running (its waiters field).
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local token, result, channel = ARGV[1], ARGV[2], ARGV[4]

local nowMillis = math.floor(serverMicros() / 1000)
local held, claim = claimOf(recordKey, fenceKey, token, nowMillis)
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('HDEL', recordKey, 'lease_until')
redis.call('HSET', recordKey, 'state', 'completed', 'result', result, 'done_at', decimal(nowMillis))
redis.call('PEXPIRE', recordKey, ARGV[3])
-- the next claim after this outcome expires is a new first attempt
settleFence(fenceKey, token, claim, ARGV[5], nowMillis, tonumber(ARGV[5]) - tonumber(ARGV[3]))
wake(claim.waiters, channel, 'completed')
return {'ok'}
