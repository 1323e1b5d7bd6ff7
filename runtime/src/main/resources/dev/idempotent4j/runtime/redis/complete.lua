--[[
  complete: stores the successful outcome of a claim and wakes the waiters, if the caller still
  holds the claim. (record.lua is put in front of this file: see it for the record's format.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] token        fencing token of the caller's claim
    ARGV[2] result       the outcome as codec JSON
    ARGV[3] ttl          milliseconds the outcome is kept
    ARGV[4] fence ttl    milliseconds the fence key is kept from now (at least the ttl)
    ARGV[5] attempt      the attempt of the caller's claim

  Output (an array of strings):
    {'ok'}                   stored, waiters (if a claim found the record running) notified
    {'lost'}                 the claim was taken over, released or expired: nothing written
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing written

  Commands: MGET of record and fence, SET of the record (PX ttl), SET of the fence (PX fence
  ttl), and PUBLISH on {<task key>}:changed only when a claim found the record running (its
  waiters count).

  The common case, the caller's claim as its claim wrote it (the fence exactly
  'i4j2-fence <token> <attempt> 1', the record a valid running header of that token and attempt),
  is checked inline by compares and one string.find; anything else takes the general path, which
  parses both (record.lua) and answers the same for the common case.
]]
local token, attempt = ARGV[1], ARGV[5]
local both = redis.call('MGET', KEYS[1], KEYS[2])
local value, fenceValue = both[1], both[2]
local head = 'i4j2 running ' .. token .. ' ' .. attempt .. ' '
if value and fenceValue == 'i4j2-fence ' .. token .. ' ' .. attempt .. ' 1'
    and string.sub(value, 1, #head) == head then
  -- the rest of the header: claimed_at (at most 15 digits), waiters (at most 15, no leading
  -- zero), fp and owner lines, and no payload
  local _, _, waitersAt, waitersEnd = string.find(value,
    '^[1-9]%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d? ()%d+()\n[^\n]*\n[^\n]*\n$', #head + 1)
  local digits = waitersAt and waitersEnd - waitersAt
  if digits and digits <= 15 and (digits == 1 or string.byte(value, waitersAt) ~= 48) then
    redis.call('SET', KEYS[1], 'i4j2 completed' .. string.sub(value, 13) .. ARGV[2], 'PX', ARGV[3])
    -- the next claim after this outcome expires is a new first attempt
    redis.call('SET', KEYS[2], 'i4j2-fence ' .. token .. ' 0 0', 'PX', ARGV[4])
    if digits ~= 1 or string.byte(value, waitersAt) ~= 48 then
      redis.call('PUBLISH', KEYS[1] .. ':changed', 'completed')
    end
    return {'ok'}
  end
end

local lib = library()
local held, claim = lib.claimOf(KEYS[1], KEYS[2], token)
if held == 'corrupt' then return claim end
if held == 'lost' then return {'lost'} end

redis.call('SET', KEYS[1], lib.settled(claim.rec, 'completed', ARGV[2]), 'PX', ARGV[3])
-- the next claim after this outcome expires is a new first attempt
lib.settleFence(KEYS[2], token, claim.fence, ARGV[4])
lib.wake(claim.rec.waiters, KEYS[1], 'completed')
return {'ok'}
