--[[
  fail: stores a cached (final) failure of a claim and wakes the waiters, if the caller still
  holds the claim. (record.lua is put in front of this file: see it for the record's fields.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] token        fencing token of the caller's claim
    ARGV[2] type         the exception's class name (for people; never loaded)
    ARGV[3] message      its message, '' when it had none
    ARGV[4] ttl          milliseconds the failure is kept
    ARGV[5] channel      where the wake-up is published
    ARGV[6] fence ttl    milliseconds the fence key is kept from now (at least the ttl)

  Output (an array of strings):
    {'ok'}                   stored, waiters (if a claim found the record running) notified
    {'lost'}                 the claim was taken over, released or expired: nothing written
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing written
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local token, errorType, errorMessage, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[5]

local nowMillis = math.floor(serverMicros() / 1000)
local held, claim = claimOf(recordKey, fenceKey, token, nowMillis)
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('HDEL', recordKey, 'lease_until')
redis.call('HSET', recordKey, 'state', 'failed', 'error_type', errorType,
  'error_message', errorMessage, 'done_at', decimal(nowMillis))
redis.call('PEXPIRE', recordKey, ARGV[4])
settleFence(fenceKey, token, claim, ARGV[6], nowMillis, tonumber(ARGV[6]) - tonumber(ARGV[4]))
wake(claim.waiters, channel, 'failed')
return {'ok'}
