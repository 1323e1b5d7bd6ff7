--[[
  claim: claims a task key for a worker, or says why not. One atomic step, one round trip.
  (record.lua is put in front of this file: see it for the record's format.)

  Input:
    KEYS[1] record key   {<task key>}
    KEYS[2] fence key    {<task key>}:fence

    ARGV[1] owner        who claims, escaped (record.lua)
    ARGV[2] fingerprint  the request fingerprint, escaped, '' when the task has none
    ARGV[3] lease        milliseconds the claim holds without renewal (the record's TTL)
    ARGV[4] fence ttl    milliseconds the fence key is kept after this claim

  Output (an array of strings, never with nil holes):
    {'claimed', token, attempt, takeover}
                                  the key is the caller's: run under this fence; takeover is
                                  '1' when a claim whose lease ran out was taken over (the
                                  fence still says held: nobody completed, failed or released
                                  it), '0' for a free key or after a release
    {'done', value}               a completed or failed format-2 record, as stored: the client
                                  parses it, checks its fingerprint and replays it
    {'completed', result}         a completed format-1 record: replay the result JSON
    {'failed', type, message}     a cached format-1 failure: replay it
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

  Commands: a duplicate is one GET. A key never seen: GET of record and of fence, TIME, SET of
  record (PX lease) and of fence (PX fence ttl). A running record: GET, PTTL, SET KEEPTTL (the
  waiters count). Record and fence are read and checked (record.lua, Numbers) before any write.
]]
local recordKey, fenceKey = KEYS[1], KEYS[2]
local owner, fingerprint = ARGV[1], ARGV[2]

local value = redis.pcall('GET', recordKey)
if type(value) == 'string' then
  local head = string.sub(value, 1, 6)
  -- the common answer, a duplicate: the client parses it (no Lua work, no second command)
  if head == 'i4j2 c' or head == 'i4j2 f' then return {'done', value} end
end

local fenceValue
if not value then
  fenceValue = redis.pcall('GET', fenceKey)
  if not fenceValue then
    -- the common first execution, a key never seen (or forgotten by both): written inline, so
    -- that it creates no function (record.lua, Cost); the general path below does the same
    local time = redis.call('TIME')
    local token = time[1] .. string.sub('00000' .. time[2], -6)
    redis.call('SET', recordKey, 'i4j2 running ' .. token .. ' 1 ' .. time[1] .. ' 0\n'
      .. fingerprint .. '\n' .. owner .. '\n', 'PX', ARGV[3])
    redis.call('SET', fenceKey, 'i4j2-fence ' .. token .. ' 1 1', 'PX', ARGV[4])
    return {'claimed', token, '1', '0'}
  end
end

local lib = library()
local rec
if type(value) == 'string' then
  rec = lib.parseRecord(value)
elseif value then -- another type: a format-1 hash, or not ours
  rec = lib.readRecord(recordKey)
end

local orphan = false
if rec then
  if rec.corrupt then return {'corrupt', recordKey, rec.corrupt} end
  local fp, recOwner = rec.fp, rec.owner
  if rec.v == 1 then fp, recOwner = lib.escaped(fp), lib.escaped(recOwner) end
  if rec.state ~= 'running' then -- format 1 only: format 2 answered 'done' above
    if fp ~= '' and fingerprint ~= '' and fp ~= fingerprint then return {'reused'} end
    if rec.state == 'completed' then return {'completed', rec.result} end
    return {'failed', rec.errorType, rec.errorMessage}
  end
  -- A running claim by this very owner is an orphan: the owner (one engine, which claims each
  -- key at most once at a time) gave it up after its claim timed out on the way back, so nobody
  -- runs it. It is claimed again at once instead of locking the key until its lease runs out.
  orphan = owner ~= '' and recOwner == owner
  if not orphan then
    local left
    if rec.v == 2 then
      left = redis.call('PTTL', recordKey) -- the lease is the TTL: present means live
      if left < 0 then return {'corrupt', recordKey, 'is running without a TTL (its lease)'} end
    else
      left = rec.leaseUntil - lib.serverMillis()
    end
    if left > 0 then
      if fp ~= '' and fingerprint ~= '' and fp ~= fingerprint then return {'reused'} end
      if rec.v == 2 then
        redis.call('SET', recordKey, string.sub(value, 1, rec.waitersAt - 1)
          .. tostring(tonumber(rec.waiters) + 1) .. string.sub(value, rec.waitersAt + #rec.waiters),
          'KEEPTTL')
      else
        redis.call('HINCRBY', recordKey, 'waiters', 1) -- the format-1 owner publishes
      end
      return {'running', tostring(left)}
    end
  end
end

-- the fence was read above when there is no record: a string is parsed as it is, anything else
-- (a format-1 hash answers an error) is read again
local fence
if type(fenceValue) == 'string' then
  fence = lib.parseFence(fenceValue)
else
  fence = lib.readFence(fenceKey)
end
if fence and fence.corrupt then return {'corrupt', fenceKey, fence.corrupt} end
local seconds, micros = lib.serverTime()
local token, attempt, takeover, waiters = micros, '1', '0', '0'
if fence or rec then
  local last, count = 0, 0
  if fence then last, count, takeover = fence.last, fence.attempt, fence.held and '1' or '0' end
  if rec then -- a format-1 claim whose lease ran out, or an orphan: this is a takeover
    last, count = math.max(last, tonumber(rec.token)), math.max(count, rec.attempt)
    waiters, takeover = rec.waiters, '1' -- whoever waited for the old claim waits for this one
  end
  if last + 1 > tonumber(micros) then token = lib.decimal(last + 1) end
  attempt = tostring(count + 1)
  if orphan then takeover = '0' end
end

-- SET replaces a format-1 hash too: a taken-over record is rewritten in format 2
redis.call('SET', recordKey, 'i4j2 running ' .. token .. ' ' .. attempt .. ' ' .. seconds .. ' '
  .. waiters .. '\n' .. fingerprint .. '\n' .. owner .. '\n', 'PX', ARGV[3])
redis.call('SET', fenceKey, lib.fenceText(token, attempt, '1'), 'PX', ARGV[4])
return {'claimed', token, attempt, takeover}
