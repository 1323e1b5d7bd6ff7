--[[
  release: gives a claim up after a failure that is not final, so the next call runs the task
  again, and wakes the waiters. (record.lua is put in front of this file.)
  The fence key stays: the next claim gets a higher token and the next attempt number.

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence (marked no longer held: the next claim is no takeover)

    ARGV[1] token        fencing token of the caller's claim
    ARGV[2] channel      where the wake-up is published

  Output (an array of strings):
    {'ok'}                   released, waiters (if a claim found the record running) notified
    {'lost'}                 the caller no longer held the claim: nothing changed
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing changed
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local token, channel = ARGV[1], ARGV[2]

local nowMillis = math.floor(serverMicros() / 1000)
local held, claim = claimOf(recordKey, fenceKey, token, nowMillis)
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('DEL', recordKey)
if claim.fence then redis.call('HSET', fenceKey, 'held', '0') end
wake(claim.waiters, channel, 'released')
return {'ok'}
