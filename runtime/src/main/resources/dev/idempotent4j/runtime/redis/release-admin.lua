--[[
  release-admin: an operator ends a key's record, whatever its state (a running claim, a
  completed outcome, a cached failure), so the next call runs the task again. Unlike release.lua
  it needs no token: it is not the owner giving up, it is somebody else deciding. The fence goes
  up (never back), so the old owner's late complete, fail, release or renew finds no claim of its
  token and is refused. (record.lua is put in front of this file.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] fence ttl    the fence key is kept at least this many milliseconds from now
    ARGV[2] dry run      '1': change nothing, only answer what would be released

  Output (an array of strings, never with nil holes):
    {'released', fence, state, owner, attempt, token, leaseLeft, pttl, resultSize, errorType,
      format}                ended; fence is the new (bumped) token; the rest is the record as
                             it was (record.lua's view())
    {'dry', fence, state, ...}  dry run: the same, fence being the token now; nothing written
    {'absent', fence}        no record: nothing written; fence is the last token ('0': none)
    {'corrupt', key, what}   the value under key (record or fence) is not ours; nothing written

  Writes: DEL of the record, SET of the fence (held 0: the next claim is no takeover; kept at
  least the fence ttl), and always a PUBLISH: waiters in any JVM claim again at once. Records and
  fences of format 1 are read too; the fence is written in format 2.
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local fenceMillis, dry = tonumber(ARGV[1]), ARGV[2] == '1'

local lib = library()
local rec = lib.readRecord(recordKey)
if rec and rec.corrupt then return {'corrupt', recordKey, rec.corrupt} end
local fence = lib.readFence(fenceKey)
if fence and fence.corrupt then return {'corrupt', fenceKey, fence.corrupt} end
if not rec then return {'absent', fence and lib.decimal(fence.last) or '0'} end

local out = lib.view(recordKey, rec, rec.v == 1 and lib.serverMillis() or 0)
local last = tonumber(rec.token)
if fence and fence.last > last then last = fence.last end
if dry then
  table.insert(out, 1, lib.decimal(last))
  table.insert(out, 1, 'dry')
  return out
end

local token = lib.decimal(last + 1)
-- a running claim's attempt stays counted (the next claim is the next attempt); after an outcome
-- the fence already says 0, so the next claim is a new first attempt
local attempt = rec.attempt
if fence then attempt = fence.attempt elseif rec.state ~= 'running' then attempt = 0 end
local keep = redis.call('PTTL', fenceKey)
redis.call('DEL', recordKey)
if keep >= fenceMillis then
  redis.call('SET', fenceKey, lib.fenceText(token, tostring(attempt), '0'), 'KEEPTTL')
else
  redis.call('SET', fenceKey, lib.fenceText(token, tostring(attempt), '0'), 'PX', ARGV[1])
end
redis.call('PUBLISH', recordKey .. ':changed', 'released')
table.insert(out, 1, token)
table.insert(out, 1, 'released')
return out
