--[[
  show: an operator's read of one key's record and fence; writes nothing.
  (record.lua is put in front of this file: see it for the record's format.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

  Output (an array of strings, never with nil holes):
    {'record', state, owner, attempt, token, leaseLeft, pttl, resultSize, errorType, format}
                             see record.lua's view(); times on the server's clock
    {'absent', fence}        no record; fence is the key's last token ('0' without a fence)
    {'corrupt', key, what}   the value under key (record or fence) is not ours

  The result stays in the server: only its size is answered.
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]

local lib = library()
local rec = lib.readRecord(recordKey)
if rec and rec.corrupt then return {'corrupt', recordKey, rec.corrupt} end
if rec then
  local out = lib.view(recordKey, rec, rec.v == 1 and lib.serverMillis() or 0)
  table.insert(out, 1, 'record')
  return out
end
local fence = lib.readFence(fenceKey)
if fence and fence.corrupt then return {'corrupt', fenceKey, fence.corrupt} end
return {'absent', fence and lib.decimal(fence.last) or '0'}
