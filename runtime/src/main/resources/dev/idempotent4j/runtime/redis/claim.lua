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
    {'running', millisLeft}       another worker holds a live lease
    {'reused'}                    the record belongs to a request with another fingerprint
    {'corrupt', key, what}        the value under key is not ours; nothing was written

  Token: max(last token of the key + 1, server time in microseconds). The fence key keeps the
  last token while it lives; after it expired too, server time alone still puts the new token
  above every token handed out before (unless the server clock stepped back meanwhile).
  A fingerprint is compared only when both the record and the request have one.
  A running record of the same owner is an orphan (see below) and claimed again at once: owners
  must be unique per worker and claim a key at most once at a time.
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local owner, fingerprint, lease, fenceTtl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]

local nowMicros = serverMicros()
local nowMillis = math.floor(nowMicros / 1000)

local rec = readRecord(recordKey)
if rec and rec.corrupt then return {'corrupt', recordKey, rec.corrupt} end
-- A running claim by this very owner is an orphan: the owner (one engine, which claims each key
-- at most once at a time) gave it up after its claim timed out on the way back, so nobody runs
-- it. It is claimed again at once instead of locking the key until its lease runs out.
local orphan = rec and rec.state == 'running' and owner ~= '' and rec.owner == owner
local live = rec and not orphan and not (rec.state == 'running' and rec.leaseUntil <= nowMillis)
if live then
  if rec.fp ~= '' and fingerprint ~= '' and rec.fp ~= fingerprint then return {'reused'} end
  if rec.state == 'completed' then return {'completed', rec.result} end
  if rec.state == 'failed' then return {'failed', rec.errorType, rec.errorMessage} end
  return {'running', decimal(rec.leaseUntil - nowMillis)}
end

local fenceKind = redis.call('TYPE', fenceKey)['ok']
local last, attempt, held = 0, 0, false
if fenceKind == 'hash' then
  local f = redis.call('HMGET', fenceKey, 'token', 'attempt', 'held')
  last, attempt, held = int(f[1]), int(f[2]), f[3] == '1'
  if not last or not attempt then
    return {'corrupt', fenceKey, 'is a fence without valid fields token and attempt'}
  end
elseif fenceKind ~= 'none' then
  return {'corrupt', fenceKey, 'holds a Redis ' .. fenceKind .. ', not an idempotent4j fence (a hash)'}
end
if rec then -- a running record whose lease ran out: this is a takeover
  last = math.max(last, tonumber(rec.token))
  attempt = math.max(attempt, rec.attempt)
end
local token = decimal(math.max(last + 1, nowMicros))
attempt = decimal(attempt + 1)

redis.call('DEL', recordKey)
redis.call('HSET', recordKey, 'v', FORMAT, 'state', 'running', 'owner', owner, 'token', token,
  'attempt', attempt, 'fp', fingerprint, 'claimed_at', decimal(nowMillis),
  'lease_until', decimal(nowMillis + lease))
redis.call('PEXPIRE', recordKey, lease)
redis.call('HSET', fenceKey, 'token', token, 'attempt', attempt, 'held', '1')
redis.call('PEXPIRE', fenceKey, fenceTtl)
-- Redis usually deletes a lapsed running record itself (it expires with its lease), so the
-- fence's 'held' tells a takeover from a claim after a release
return {'claimed', token, attempt, (rec or held) and not orphan and '1' or '0'}
