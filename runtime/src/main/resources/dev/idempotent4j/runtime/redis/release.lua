--[[
  release: gives a claim up after a failure that is not final, so the next call runs the task
  again, and wakes the waiters. (record.lua is put in front of this file.)
  The fence key stays: the next claim gets a higher token and the next attempt number.

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence (marked no longer held: the next claim is no takeover)

    ARGV[1] token        fencing token of the caller's claim

  Output (an array of strings):
    {'ok'}                   released, waiters (if a claim found the record running) notified
    {'lost'}                 the caller no longer held the claim: nothing changed
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing changed

  Commands: MGET of record and fence, DEL of the record, SET KEEPTTL of the fence.
]]
local lib = library()
local held, claim = lib.claimOf(KEYS[1], KEYS[2], ARGV[1])
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('DEL', KEYS[1])
local fence = claim.fence
if fence and fence.value then
  redis.call('SET', KEYS[2], string.sub(fence.value, 1, -2) .. '0', 'KEEPTTL')
elseif fence then -- a format-1 fence hash under a format-2 claim: rewritten in format 2
  redis.call('SET', KEYS[2], lib.fenceText(lib.decimal(fence.last), tostring(fence.attempt), '0'),
    'KEEPTTL')
end
lib.wake(claim.rec.waiters, KEYS[1], 'released')
return {'ok'}
