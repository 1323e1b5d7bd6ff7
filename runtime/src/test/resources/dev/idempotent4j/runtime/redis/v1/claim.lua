--[[
  claim: claims a task key for a worker, or says why not. One atomic step, one round trip.
  (record.lua is put in front of this file: see it for the record's fields.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] owner        who claims (for people reading the record)
    ARGV[2] fingerprint  the request fingerprint, '' when the task has none
    ARGV[3] lease        milliseconds the claim holds without renewal
    ARGV[4] fence ttl    milliseconds the fence key is kept after this claim

  Output (an array of strings, never with nil holes):
    {'claimed', token, attempt, takeover}
                                  the key is the caller's: run under this fence; takeover is
                                  '1' when a claim whose lease ran out was taken over (the
                                  fence still says 'held': nobody completed, failed or
                                  released it), '0' for a free key or after a release
    {'completed', result}         a completed record: replay the result JSON
    {'failed', type, message}     a cached failure: replay it
    {'running', millisLeft}       another worker holds a live lease; the record's waiters
                                  count goes up, so its complete, fail or release wakes us
    {'reused'}                    the record belongs to a request with another fingerprint
    {'corrupt', key, what}        the value under key is not ours; nothing was written

  Token: max(last token of the key + 1, server time in microseconds). The fence key keeps the
  last token while it lives; after it expired too, server time alone still puts the new token
  above every token handed out before (unless the server clock stepped back meanwhile).
  A fingerprint is compared only when both the record and the request have one.
  A running record of the same owner is an orphan (see below) and claimed again at once: owners
  must be unique per worker and claim a key at most once at a time.

  Commands: a completed record (a duplicate) is answered from one HMGET of four fields (its
  token and attempt, which nothing reads once it completed, are not checked on that path). A key
  never seen costs that HMGET, one EXISTS of record and fence, TIME, then HSET and PEXPIRE of the
  record and of the fence: 7 commands. Other records (running, failed, foreign) are read in full
  by a second HMGET; an existing fence costs one more HMGET. Record and fence are read and
  checked (record.lua, Numbers) before the first write.
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local owner, fingerprint = ARGV[1], ARGV[2]

-- A duplicate of a completed task is the common answer: one HMGET of the four fields it needs,
-- nothing else (no clock, no fence). Any other value takes the full read below.
local f = redis.pcall('HMGET', recordKey, 'v', 'state', 'result', 'fp')
if not f.err and f[1] == '1' and f[2] == 'completed' and f[3] then
  if f[4] and f[4] ~= '' and fingerprint ~= '' and f[4] ~= fingerprint then return {'reused'} end
  return {'completed', f[3]}
end
-- HMGET answers nils for a missing key and for a hash without our fields alike: EXISTS tells
-- them apart, asked of record and fence at once, since a fresh key has neither.
local rec, noFence = nil, false
if f.err or f[1] or f[2] or f[3] or f[4] then
  rec = readRecord(recordKey)
elseif redis.call('EXISTS', recordKey, fenceKey) == 0 then
  noFence = true
elseif redis.call('EXISTS', recordKey) == 1 then
  rec = readRecord(recordKey)
end
if rec then
  if rec.corrupt then return {'corrupt', recordKey, rec.corrupt} end
  if rec.state ~= 'running' then
    if rec.fp ~= '' and fingerprint ~= '' and rec.fp ~= fingerprint then return {'reused'} end
    if rec.state == 'completed' then return {'completed', rec.result} end
    return {'failed', rec.errorType, rec.errorMessage}
  end
end

local nowMicros = serverMicros()
local nowMillis = math.floor(nowMicros / 1000)
-- A running claim by this very owner is an orphan: the owner (one engine, which claims each key
-- at most once at a time) gave it up after its claim timed out on the way back, so nobody runs
-- it. It is claimed again at once instead of locking the key until its lease runs out.
local orphan = rec and owner ~= '' and rec.owner == owner
if rec and not orphan and rec.leaseUntil > nowMillis then
  if rec.fp ~= '' and fingerprint ~= '' and rec.fp ~= fingerprint then return {'reused'} end
  redis.call('HINCRBY', recordKey, 'waiters', 1)
  return {'running', decimal(rec.leaseUntil - nowMillis)}
end

local last, attempt, held = 0, 0, false
local fence = not noFence and readFence(fenceKey)
if fence then
  if fence.corrupt then return {'corrupt', fenceKey, fence.corrupt} end
  last, attempt, held = fence.last, fence.attempt, fence.held
end
if rec then -- a running record whose lease ran out, or an orphan: this is a takeover
  last = math.max(last, tonumber(rec.token))
  attempt = math.max(attempt, rec.attempt)
end
local token = decimal(math.max(last + 1, nowMicros))
attempt = decimal(attempt + 1)

-- Over a running record (takeover, orphan) every field is rewritten but waiters, which stays:
-- whoever waited for the old claim waits for this one.
redis.call('HSET', recordKey, 'v', FORMAT, 'state', 'running', 'owner', owner, 'token', token,
  'attempt', attempt, 'fp', fingerprint, 'claimed_at', decimal(nowMillis),
  'lease_until', decimal(nowMillis + tonumber(ARGV[3])))
redis.call('PEXPIRE', recordKey, ARGV[3])
redis.call('HSET', fenceKey, 'token', token, 'attempt', attempt, 'held', '1')
redis.call('PEXPIRE', fenceKey, ARGV[4])
-- Redis usually deletes a lapsed running record itself (it expires with its lease), so the
-- fence's 'held' tells a takeover from a claim after a release
return {'claimed', token, attempt, (rec or held) and not orphan and '1' or '0'}
