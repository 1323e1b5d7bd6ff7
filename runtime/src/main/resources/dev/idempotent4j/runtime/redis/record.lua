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

  Fence (a hash under {<task key>}:fence): token and attempt of the last claim, and held
  ('1' from a claim until its complete, fail or release; '0' after); it outlives the record so
  that tokens never go backwards, and tells a takeover from a claim after a release.
]]
local FORMAT = 1

local function int(text)
  return text and string.match(text, '^%d+$') and tonumber(text)
end

local function decimal(number)
  -- tostring() would print 1.7e+15; tokens need every digit
  return string.format('%.0f', number)
end

local function serverMicros()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

-- The record under key as a table, nil when absent, {corrupt = what} when it is not ours.
local function readRecord(key)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'none' then return nil end
  if kind ~= 'hash' then
    return {corrupt = 'holds a Redis ' .. kind .. ', not an idempotent4j record (a hash)'}
  end
  local f = redis.call('HMGET', key, 'v', 'state', 'token', 'attempt', 'fp', 'lease_until',
    'result', 'error_type', 'error_message', 'owner')
  if not f[1] then return {corrupt = 'is a hash without the format version field v'} end
  local version = int(f[1])
  if not version then return {corrupt = "has format version v = '" .. f[1] .. "', not a number"} end
  if version > FORMAT then
    return {corrupt = 'is a record of format version ' .. f[1]
      .. ', newer than this idempotent4j reads (' .. FORMAT .. '): upgrade idempotent4j'}
  end
  local rec = {state = f[2], token = f[3], attempt = int(f[4]), fp = f[5] or '',
    leaseUntil = int(f[6]), result = f[7], errorType = f[8], errorMessage = f[9] or '', owner = f[10] or ''}
  if not int(rec.token) then return {corrupt = 'has no valid field token'} end
  if not rec.attempt then return {corrupt = 'has no valid field attempt'} end
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

-- Keeps the fence at least as long as the record it guards.
local function keepFence(fenceKey, millis)
  if redis.call('EXISTS', fenceKey) == 1 and redis.call('PTTL', fenceKey) < millis then
    redis.call('PEXPIRE', fenceKey, millis)
  end
end

