--[[
  fail: stores a cached (final) failure of a claim and wakes the waiters, if the caller still
  holds the claim. (record.lua is put in front of this file: see it for the record's format.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] token        fencing token of the caller's claim
    ARGV[2] type         the exception's class name, escaped (for people; never loaded)
    ARGV[3] message      its message, '' when it had none
    ARGV[4] ttl          milliseconds the failure is kept
    ARGV[5] fence ttl    milliseconds the fence key is kept from now (at least the ttl)

  Output (an array of strings):
    {'ok'}                   stored, waiters (if a claim found the record running) notified
    {'lost'}                 the claim was taken over, released or expired: nothing written
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing written

  Commands: as complete.lua's.
]]
local lib = library()
local held, claim = lib.claimOf(KEYS[1], KEYS[2], ARGV[1])
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('SET', KEYS[1], lib.settled(claim.rec, 'failed', ARGV[2] .. '\n' .. ARGV[3]), 'PX',
  ARGV[4])
lib.settleFence(KEYS[2], ARGV[1], claim.fence, ARGV[5])
lib.wake(claim.rec.waiters, KEYS[1], 'failed')
return {'ok'}
