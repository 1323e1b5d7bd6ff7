--[[
  complete: stores the successful outcome of a claim and wakes the waiters, if the caller still
  holds the claim. (record.lua is put in front of this file: see it for the record's format.)

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

  Commands: MGET of record and fence, SET of the record (PX ttl), SET of the fence (PX fence
  ttl), and PUBLISH only when a claim found the record running (its waiters count).
]]
local held, claim = claimOf(KEYS[1], KEYS[2], ARGV[1])
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('SET', KEYS[1], settled(claim.rec, 'completed', ARGV[2]), 'PX', ARGV[3])
-- the next claim after this outcome expires is a new first attempt
settleFence(KEYS[2], ARGV[1], claim.fence, ARGV[5])
wake(claim.rec.waiters, ARGV[4], 'completed')
return {'ok'}
