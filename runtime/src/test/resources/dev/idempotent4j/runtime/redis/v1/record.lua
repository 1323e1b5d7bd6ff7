--[[
  record: the functions every step shares. RedisScripts puts this file in front of each step's
  file before hashing and loading it, so each step is still one self-contained script.

  Record (a hash under {<task key>}, format v = 1), readable with redis-cli HGETALL:
    v              format version (1)
    state          running | completed | failed
    owner          who claimed it (free text for people)
    token          fencing token of the current claim (decimal)
    attempt        1 for the first claim, one more per takeover or claim after a release
    fp             request fingerprint, '' when the task has none
    claimed_at     server milliseconds since the epoch
    lease_until    server milliseconds; running records only
    result         the outcome as codec JSON; completed records only
    error_type     class name of a cached failure; failed records only
    error_message  its message ('' when it had none); failed records only
    done_at        server milliseconds when it completed or failed
    waiters        how many claims found it running (absent: none); complete, fail and release
                   publish a wake-up only when it is set, since a waiter claims again after it
                   subscribed and before it parks

  Fence (a hash under {<task key>}:fence): token and attempt of the last claim, and held
  ('1' from a claim until its complete, fail or release; '0' after); it outlives the record so
  that tokens never go backwards, and tells a takeover from a claim after a release.

  Numbers: every number field (token, attempt, lease_until, waiters, v; the fence's token and
  attempt) is a plain decimal without leading zeros, at most 2^53 - 1 (the largest integer a Lua
  number holds exactly), a token below it (the next token must still fit), an attempt below
  2^31 - 1 (Java's int). Anything else is corrupt, and every step checks what it reads before
  its first write: a corrupt value is reported and left as it was, never half rewritten.

  Cost: every redis.call inside a script costs server time that all clients wait for, so each
  step reads the record with one HMGET (redis.pcall: a value of another type answers WRONGTYPE,
  and only then is TYPE asked for the message) and writes only what changes.
]]
local FORMAT = 1
local MAX_INT = 9007199254740991 -- 2^53 - 1
local MAX_TOKEN = MAX_INT - 1 -- the next token, one more, must still be exact
local MAX_ATTEMPT = 2147483646 -- the next attempt, one more, must still be a Java int

-- The number in text, nil unless it is a canonical decimal (no sign, no leading zero) <= max.
local function int(text, max)
  if not text or #text > 16 or not (text == '0' or string.match(text, '^[1-9]%d*$')) then
    return nil
  end
  local number = tonumber(text)
  if number > (max or MAX_INT) then return nil end
  return number
end

local function decimal(number)
  -- tostring() would print 1.7e+15; tokens need every digit
  return string.format('%.0f', number)
end

local function serverMicros()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

local function foreign(key, what)
  return 'holds a Redis ' .. redis.call('TYPE', key)['ok'] .. ', not an idempotent4j ' .. what
end

-- The record under key as a table, nil when absent, {corrupt = what} when it is not ours.
local function readRecord(key)
  local f = redis.pcall('HMGET', key, 'v', 'state', 'token', 'attempt', 'fp', 'lease_until',
    'result', 'error_type', 'error_message', 'owner', 'waiters')
  if f.err then return {corrupt = foreign(key, 'record (a hash)')} end
  if not f[1] then
    -- absent, unless it is a hash without v (HMGET answers nils for both)
    for i = 2, 11 do
      if f[i] then return {corrupt = 'is a hash without the format version field v'} end
    end
    if redis.call('EXISTS', key) == 0 then return nil end
    return {corrupt = 'is a hash without the format version field v'}
  end
  local version = int(f[1])
  if not version then return {corrupt = "has format version v = '" .. f[1] .. "', not a number"} end
  if version > FORMAT then
    return {corrupt = 'is a record of format version ' .. f[1]
      .. ', newer than this idempotent4j reads (' .. FORMAT .. '): upgrade idempotent4j'}
  end
  local rec = {state = f[2], token = f[3], attempt = int(f[4], MAX_ATTEMPT), fp = f[5] or '',
    leaseUntil = int(f[6]), result = f[7], errorType = f[8], errorMessage = f[9] or '',
    owner = f[10] or '', waiters = f[11]}
  if not int(rec.token, MAX_TOKEN) then return {corrupt = 'has no valid field token'} end
  if not rec.attempt then return {corrupt = 'has no valid field attempt'} end
  if rec.waiters and not int(rec.waiters) then
    return {corrupt = "has field waiters = '" .. rec.waiters .. "', not a count"}
  end
  if rec.state == 'running' then
    if not rec.leaseUntil then return {corrupt = 'is running without a valid field lease_until'} end
  elseif rec.state == 'completed' then
    if not rec.result then return {corrupt = 'is completed without a field result'} end
  elseif rec.state == 'failed' then
    if not rec.errorType then return {corrupt = 'is failed without a field error_type'} end
  else
    return {corrupt = "has state '" .. tostring(rec.state)
      .. "', not running, completed or failed"}
  end
  return rec
end

-- True when rec is the live claim fenced by token (the caller may still write).
local function holds(rec, token, nowMillis)
  return rec ~= nil and rec.corrupt == nil and rec.state == 'running' and rec.token == token
    and rec.leaseUntil > nowMillis
end

-- The fence under key as a table {last, attempt, held}, nil when absent, {corrupt = what} when
-- it is not ours. One HMGET (and EXISTS only when it answers no field at all).
local function readFence(key)
  local f = redis.pcall('HMGET', key, 'token', 'attempt', 'held')
  if f.err then return {corrupt = foreign(key, 'fence (a hash)')} end
  if not (f[1] or f[2] or f[3]) and redis.call('EXISTS', key) == 0 then return nil end
  local last, attempt = int(f[1], MAX_TOKEN), int(f[2], MAX_ATTEMPT)
  if not last or not attempt then
    return {corrupt = 'is a fence without valid fields token and attempt'}
  end
  return {last = last, attempt = attempt, held = f[3] == '1'}
end

-- complete, fail and release: whether token fences the live claim of the record under recordKey,
-- checked before they write anything. Returns 'held' and {waiters, claimedAt, fence}, 'lost', or
-- 'corrupt' and the reply {'corrupt', key, what}. A held claim is recognised from six fields
-- (the fields it does not need are not checked); anything else is read in full to tell a lost
-- claim from a foreign value. A held claim's fence is read too: it is written next.
local function claimOf(recordKey, fenceKey, token, nowMillis)
  local f = redis.pcall('HMGET', recordKey, 'v', 'state', 'token', 'lease_until', 'waiters',
    'claimed_at')
  local claim
  if not f.err and f[1] == '1' and f[2] == 'running' and f[3] == token
      and (not f[5] or int(f[5])) then
    local leaseUntil = int(f[4])
    if leaseUntil and leaseUntil > nowMillis then
      claim = {waiters = f[5], claimedAt = int(f[6])}
    end
  end
  if not claim then
    local rec = readRecord(recordKey)
    if rec and rec.corrupt then return 'corrupt', {'corrupt', recordKey, rec.corrupt} end
    if not holds(rec, token, nowMillis) then return 'lost' end
    claim = {waiters = rec.waiters}
  end
  local fence = readFence(fenceKey)
  if fence and fence.corrupt then return 'corrupt', {'corrupt', fenceKey, fence.corrupt} end
  claim.fence = fence
  return 'held', claim
end

-- Ends a claim in the fence: the next claim is no takeover and, once the outcome expired, a new
-- first attempt. The fence must outlive the record (fenceMillis = the record's ttl + a margin).
-- The claim set its expiry to at least the ttl + the margin; while that claim is younger than
-- half the margin and the fence is still there, it still outlives the record by half the margin,
-- and PEXPIRE is saved. The fence's token never goes down, even if it was (wrongly) ahead.
local function settleFence(fenceKey, token, claim, fenceMillis, nowMillis, marginMillis)
  local fence = claim.fence
  if fence and fence.last > tonumber(token) then token = decimal(fence.last) end
  redis.call('HSET', fenceKey, 'token', token, 'attempt', '0', 'held', '0')
  if not fence or not claim.claimedAt or nowMillis - claim.claimedAt > marginMillis / 2 then
    redis.call('PEXPIRE', fenceKey, fenceMillis)
  end
end

-- Wakes the waiters of the record, if a claim found it running (else nobody listens).
local function wake(waiters, channel, what)
  if waiters then redis.call('PUBLISH', channel, what) end
end


-- show and release-admin: the operator's view of a record read by readRecord, as strings without
-- nil holes: state, owner, attempt, token, lease left in ms ('' unless running), PTTL of the
-- record (-1: no expiry), result size in bytes (-1 unless completed), error type ('' unless
-- failed). Never the result itself.
local function view(recordKey, rec, nowMillis)
  local left = ''
  if rec.state == 'running' then left = decimal(rec.leaseUntil - nowMillis) end
  local size = '-1'
  if rec.state == 'completed' then size = tostring(#rec.result) end
  return {rec.state, rec.owner, tostring(rec.attempt), rec.token, left,
    tostring(redis.call('PTTL', recordKey)), size, rec.errorType or ''}
end
