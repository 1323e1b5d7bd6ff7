--[[
  renew: extends the leases of many claims of one worker in one round trip.
  (record.lua is put in front of this file.) In a Cluster, every KEYS entry of one call lies in
  the same slot; the client groups leases by slot.

  Input:
    KEYS[1..n]  record keys  {<task key>}

    ARGV[1]     lease        milliseconds each claim holds from now (the record's new TTL)
    ARGV[2..n+1]             the fencing token of each claim, in the order of KEYS

  Output (an array of strings, possibly empty):
    the 1-based positions in KEYS of the claims that were lost (taken over, released, expired,
    or whose value is no longer our record): their owners must not complete them

  Commands: GET and PEXPIRE per held claim.
]]
local lib = library()
local lost = {}
for i, recordKey in ipairs(KEYS) do
  local value = redis.pcall('GET', recordKey)
  local rec = type(value) == 'string' and lib.parseRecord(value)
  if rec and rec.state == 'running' and rec.token == ARGV[i + 1] then
    redis.call('PEXPIRE', recordKey, ARGV[1])
  else
    lost[#lost + 1] = tostring(i)
  end
end
return lost
