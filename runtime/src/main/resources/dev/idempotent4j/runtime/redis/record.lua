--[[
  record: the functions every step shares. RedisScripts puts this file in front of each step's
  file before hashing and loading it, so each step is still one self-contained script.

  Record (format 2): ONE Redis string under {<task key>}, readable with redis-cli GET:

    i4j2 <state> <token> <attempt> <claimed_at> <waiters>\n
    <fp>\n
    <owner>\n
    <payload>

    state       running | completed | failed
    token       fencing token of the claim (decimal)
    attempt     1 for the first claim, one more per takeover or claim after a release
    claimed_at  server seconds since the epoch when it was claimed (for people)
    waiters     how many claims found it running; complete, fail and release publish a wake-up
                only when it is not 0, since a waiter claims again after it subscribed
    fp          request fingerprint, '' when the task has none
    owner       who claimed it (for people, and to recognise an orphan claim)
    payload     running: empty; completed: the result JSON; failed: the error type, a newline,
                then its message. Last, so that free text needs no escaping.

  fp and owner are escaped by the client (a backslash as \\, a newline as \n), so each is one line.
  A running claim's lease is the record's TTL: a lapsed claim expires, and the fence's held flag
  tells a takeover (held = 1) from a claim after a release (held = 0).

  Fence (format 2): a string under {<task key>}:fence, 'i4j2-fence <token> <attempt> <held>':
  token and attempt of the last claim, held 1 from a claim until its complete, fail or release
  and 0 after. It outlives the record so that tokens never go backwards.

  Format 1 (idempotent4j before the string format) kept the record and fence as hashes. They are
  still read (readRecordV1, readFenceV1) during a rolling upgrade: a finished one is replayed, a
  live claim is waited for, a lapsed one is taken over and rewritten as format 2. A format-1
  idempotent4j finds a string under its keys and reports it as corrupt, never misreads it.

  Numbers: every number (token, attempt, waiters, the version; the fence's token and attempt) is
  a plain decimal without leading zeros, at most 2^53 - 1 (the largest integer a Lua number holds
  exactly), a token below it (the next token must still fit), an attempt below 2^31 - 1 (Java's
  int). Anything else is corrupt, and every step checks what it reads before its first write: a
  corrupt value is reported and left as it was, never half rewritten.

  Cost: every redis.call and every Lua operation inside a script is server time all clients wait
  for, and a script creates each of its local functions every time it runs. So the common paths
  (a claim of a key never seen or a duplicate, the complete of a claim still held) are written
  inline in their steps and call no function of this file: they cost their Redis commands and a
  few string compares, as a bare script with the same commands does (docs/PERFORMANCE.md). The
  functions below are built by library(), once per script call that needs them. The header is
  parsed by one string.find; records are rebuilt by concatenation from the text read (no
  string.format on the common paths); a duplicate is answered from one GET, its value handed to
  the client, which parses it (RedisRecord.java).
]]
local FORMAT = 2
local MAX_INT = 9007199254740991 -- 2^53 - 1
local MAX_TOKEN = MAX_INT - 1 -- the next token, one more, must still be exact
local MAX_ATTEMPT = 2147483646 -- the next attempt, one more, must still be a Java int
local HEADER = '^i4j2 (%l+) ([1-9]%d*) ([1-9]%d*) ([1-9]%d*) ()(%d+)\n([^\n]*)\n([^\n]*)\n()'
local FENCE = '^i4j2%-fence ([1-9]%d*) (%d+) ([01])$'
local HEADER_ANY = '^i4j2 (%l+) (%d+) (%d+) (%d+) ()(%d+)\n([^\n]*)\n([^\n]*)\n()'
local FENCE_ANY = '^i4j2%-fence (%d+) (%d+) ([01])$'


-- The functions of every step's other paths (format 1, corrupt values, running records,
-- operators), built on first use within one script call.
local built
local function library()
  if built then return built end
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
    -- tostring() would print 1.7e+15; tokens need every digit (only off the common paths)
    return string.format('%.0f', number)
  end

  -- Server time: {seconds text, microseconds-since-epoch text}, by concatenation.
  local function serverTime()
    local time = redis.call('TIME')
    return time[1], time[1] .. string.sub('00000' .. time[2], -6)
  end

  local function serverMillis()
    local time = redis.call('TIME')
    return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  end

  -- Format-1 fields are stored as they came; format 2 stores fp and owner escaped (see above).
  local function escaped(text)
    return (string.gsub(string.gsub(text, '\\', '\\\\'), '\n', '\\n'))
  end

  local function foreign(key, what)
    return 'holds a Redis ' .. redis.call('TYPE', key)['ok'] .. ', not an idempotent4j ' .. what
  end

  -- A string that is not format 2: a newer format, or not ours.
  local function notFormat2(value, what)
    local version = string.match(value, '^i4j([1-9]%d?%d?)[ %-]')
    if version and tonumber(version) > FORMAT then
      return 'is a' .. what .. ' of format version ' .. version
        .. ', newer than this idempotent4j reads (' .. FORMAT .. '): upgrade idempotent4j'
    end
    return 'holds a Redis string that is not an idempotent4j' .. what .. ' (format ' .. FORMAT .. ')'
  end

  -- A format-2 record string as a table, or {corrupt = what}.
  local function parseRecordSlow(value)
    local _, _, state, token, attempt, claimedAt, waitersAt, waiters, fp, owner, at =
      string.find(value, HEADER_ANY)
    if not state then return {corrupt = notFormat2(value, ' record')} end
    if not int(token, MAX_TOKEN) then return {corrupt = 'has no valid token'} end
    local att = int(attempt, MAX_ATTEMPT)
    if not att then return {corrupt = 'has no valid attempt'} end
    if not int(waiters) then return {corrupt = "has waiters = '" .. waiters .. "', not a count"} end
    if not int(claimedAt) then return {corrupt = 'has no valid claimed_at'} end
    if state ~= 'running' and state ~= 'completed' and state ~= 'failed' then
      return {corrupt = "has state '" .. state .. "', not running, completed or failed"}
    end
    if state == 'running' and at <= #value then
      return {corrupt = 'is running with a payload'}
    end
    if state == 'failed' and not string.find(value, '\n', at, true) then
      return {corrupt = 'is failed without an error type line'}
    end
    return {v = 2, state = state, token = token, attempt = att, waiters = waiters,
      waitersAt = waitersAt, fp = fp, owner = owner, at = at, value = value}
  end

  -- A format-2 fence string as {last, attempt, held, value}, or {corrupt = what}.
  local function parseFenceSlow(value)
    local _, _, last, attempt, held = string.find(value, FENCE_ANY)
    if not last then return {corrupt = notFormat2(value, ' fence')} end
    local l, a = int(last, MAX_TOKEN), int(attempt, MAX_ATTEMPT)
    if not l or not a then return {corrupt = 'is a fence without a valid token and attempt'} end
    return {last = l, attempt = a, held = held == '1', value = value}
  end

  -- A format-2 record string as a table, or {corrupt = what}. The common case costs one
  -- string.find: the pattern refuses leading zeros, lengths bound the numbers, and only a value
  -- that fails these is checked again by parseRecordSlow, which says what is wrong.
  local function parseRecord(value)
    local _, _, state, token, attempt, claimedAt, waitersAt, waiters, fp, owner, at =
      string.find(value, HEADER)
    if not state or #claimedAt > 15 or #waiters > 15 or (#waiters > 1 and waiters < '1')
        or (#token > 15 and (#token > 16 or tonumber(token) > MAX_TOKEN))
        or (#attempt > 9 and (#attempt > 10 or tonumber(attempt) > MAX_ATTEMPT))
        or (state ~= 'running' and state ~= 'completed' and state ~= 'failed')
        or (state == 'running' and at <= #value) or state == 'failed' then
      return parseRecordSlow(value)
    end
    return {v = 2, state = state, token = token, attempt = tonumber(attempt), waiters = waiters,
      waitersAt = waitersAt, fp = fp, owner = owner, at = at, value = value}
  end

  -- A format-2 fence string as {last, attempt, held, value}, or {corrupt = what}; as parseRecord.
  local function parseFence(value)
    local _, _, last, attempt, held = string.find(value, FENCE)
    if not last or #last > 16 or (#attempt > 1 and attempt < '1') or #attempt > 10 then
      return parseFenceSlow(value)
    end
    local l, a = tonumber(last), tonumber(attempt)
    if l > MAX_TOKEN or a > MAX_ATTEMPT then return parseFenceSlow(value) end
    return {last = l, attempt = a, held = held == '1', value = value}
  end

  -- The fence under key, either format: nil when absent, {corrupt = what} when not ours.
  local function readFence(key)
    local value = redis.pcall('GET', key)
    if type(value) == 'table' then
      if redis.call('TYPE', key)['ok'] ~= 'hash' then
        return {corrupt = foreign(key, 'fence')}
      end
      local f = redis.call('HMGET', key, 'token', 'attempt', 'held')
      local last, attempt = int(f[1], MAX_TOKEN), int(f[2], MAX_ATTEMPT)
      if not last or not attempt then
        return {corrupt = 'is a fence without valid fields token and attempt'}
      end
      return {last = last, attempt = attempt, held = f[3] == '1'}
    end
    if not value then return nil end
    return parseFence(value)
  end

  -- A format-1 record (a hash) as a table, nil when absent, {corrupt = what} when it is not ours.
  local function readRecordV1(key)
    local f = redis.pcall('HMGET', key, 'v', 'state', 'token', 'attempt', 'fp', 'lease_until',
      'result', 'error_type', 'error_message', 'owner', 'waiters')
    if f.err then return {corrupt = foreign(key, 'record')} end
    if not f[1] then
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
    if version ~= 1 then
      return {corrupt = 'is a hash of format version ' .. f[1] .. ', which is stored as a string'}
    end
    local rec = {v = 1, state = f[2], token = f[3], attempt = int(f[4], MAX_ATTEMPT), fp = f[5] or '',
      leaseUntil = int(f[6]), result = f[7], errorType = f[8], errorMessage = f[9] or '',
      owner = f[10] or '', waiters = f[11] or '0'}
    if not int(rec.token, MAX_TOKEN) then return {corrupt = 'has no valid field token'} end
    if not rec.attempt then return {corrupt = 'has no valid field attempt'} end
    if not int(rec.waiters) then
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

  -- The record under key, either format: nil when absent, {corrupt = what} when not ours.
  local function readRecord(key)
    local value = redis.pcall('GET', key)
    if type(value) == 'table' then
      if redis.call('TYPE', key)['ok'] == 'hash' then return readRecordV1(key) end
      return {corrupt = foreign(key, 'record')}
    end
    if not value then return nil end
    return parseRecord(value)
  end

  local function fenceText(token, attempt, held)
    return 'i4j2-fence ' .. token .. ' ' .. attempt .. ' ' .. held
  end

  -- complete, fail and release: whether token fences the live claim under recordKey, checked
  -- before they write anything. Returns 'held' and {rec, fence}, 'lost', or 'corrupt' and the reply
  -- {'corrupt', key, what}. One MGET reads both keys; MGET answers nil for a value of another type,
  -- so only then is the key asked again (a format-1 record is never a format-2 claim: lost).
  local function claimOf(recordKey, fenceKey, token)
    local both = redis.call('MGET', recordKey, fenceKey)
    local rec
    if both[1] then
      rec = parseRecord(both[1])
    else
      rec = readRecord(recordKey)
    end
    if rec and rec.corrupt then return 'corrupt', {'corrupt', recordKey, rec.corrupt} end
    if not rec or rec.v ~= 2 or rec.state ~= 'running' or rec.token ~= token then
      return 'lost'
    end
    local fence
    if both[2] then fence = parseFence(both[2]) else fence = readFence(fenceKey) end
    if fence and fence.corrupt then return 'corrupt', {'corrupt', fenceKey, fence.corrupt} end
    return 'held', {rec = rec, fence = fence}
  end

  -- complete and fail: the running record rewritten in state, with payload. The header after the
  -- state, fp and owner stay as they are ('i4j2 running' is 12 characters).
  local function settled(rec, state, payload)
    return 'i4j2 ' .. state .. string.sub(rec.value, 13) .. payload
  end

  -- Ends a claim in the fence: held 0, attempt 0 (once the outcome expired, the next claim is a
  -- new first attempt), kept fenceMillis from now (the record's ttl + a margin). The fence's token
  -- never goes down, even if it was (wrongly) ahead.
  local function settleFence(fenceKey, token, fence, fenceMillis)
    if fence and fence.last > tonumber(token) then token = decimal(fence.last) end
    redis.call('SET', fenceKey, fenceText(token, '0', '0'), 'PX', fenceMillis)
  end

  -- Wakes the waiters of the record under recordKey, if a claim found it running (else nobody
  -- listens), on the record's channel {<task key>}:changed.
  local function wake(waiters, recordKey, what)
    if waiters ~= '0' then redis.call('PUBLISH', recordKey .. ':changed', what) end
  end

  -- show and release-admin: the operator's view of a record read by readRecord, as strings without
  -- nil holes: state, owner, attempt, token, lease left in ms ('' unless running), PTTL of the
  -- record (-1: no expiry), result size in bytes (-1 unless completed), error type ('' unless
  -- failed). Never the result itself. A format-2 owner is still escaped (the client unescapes).
  local function view(recordKey, rec, nowMillis)
    local pttl = redis.call('PTTL', recordKey)
    local left, size, errorType = '', '-1', ''
    if rec.v == 1 then
      if rec.state == 'running' then left = decimal(rec.leaseUntil - nowMillis) end
      if rec.state == 'completed' then size = tostring(#rec.result) end
      errorType = rec.errorType or ''
    else
      if rec.state == 'running' then left = tostring(pttl) end
      if rec.state == 'completed' then size = tostring(#rec.value - rec.at + 1) end
      if rec.state == 'failed' then
        local nl = string.find(rec.value, '\n', rec.at, true)
        errorType = string.sub(rec.value, rec.at, (nl or 0) - 1)
      end
    end
    return {rec.state, rec.owner, tostring(rec.attempt), rec.token, left, tostring(pttl), size,
      errorType, tostring(rec.v)}
  end

  built = {decimal = decimal, serverTime = serverTime, serverMillis = serverMillis,
    escaped = escaped, parseRecord = parseRecord, parseFence = parseFence,
    readFence = readFence, readRecord = readRecord, fenceText = fenceText, claimOf = claimOf,
    settled = settled, settleFence = settleFence, wake = wake, view = view}
  return built
end
