-- What a trail's event selectors log.  Basic selectors (EventSelectors) and
-- advanced selectors (AdvancedEventSelectors) are both read; a trail has one
-- kind or the other.
--
--   local selectors = require("selectors")
--   local c = selectors.s3_objects(response, partition, opts)
--   c.read, c.write   true when read / write S3 object events are logged
--                     for all current and future buckets
--   c.notes           list of strings: why something is not covered
--   opts.accept_arn_exclusions: a resources.ARN exclusion (NotStartsWith,
--                     NotEquals, NotEndsWith) does not count as narrowing
--
--   local m = selectors.management(response)
--   m.read, m.write   true when read / write management events are logged
--                     from every event source
--   m.notes           why something is not covered
--
--   Given the judged snapshot as a last argument (management(response,
--   judged), s3_objects(response, partition, opts, judged)), each
--   response's reading is worked out once per account (lib/facts.lua) and
--   handed out read-only where this module is shared.
--
-- Judged by content, never by a selector's Name.

local facts = require("facts")
local i18n = require("i18n")

local selectors = {}

-- Why a selector does not count, inside finding messages (rules/lib/i18n.lua).
local say = i18n.catalogue{
  en = {
    not_text = "a value that is not text",
    wildcard = "{value} matches no bucket ('*' is no wildcard in event selectors, and no"
      .. " bucket name holds it)",
    not_s3 = "{value} is not an S3 ARN of partition {partition}",
    under_key = "{value} covers only objects under '{key}' in bucket {bucket}",
    one_bucket = "{value} covers bucket {bucket} only",
    basic_reads = "basic selector {n} logs S3 object reads only (ReadWriteType {rw})",
    basic_writes = "basic selector {n} logs S3 object writes only (ReadWriteType {rw})",
    basic_some = "basic selector {n} does not log every bucket: {why}",
    no_bucket = "it names no bucket",
    more_values = "{values} and {n} more",
    named = "advanced selector '{name}'",
    numbered = "advanced selector {n}",
    read_only_pattern = "readOnly uses a pattern operator ({field})",
    filters = "it also filters on {field} ({values}){why}",
    exclusion = ", an exclusion that counts only with accept_arn_exclusions",
    wild = ", and {values} matches no bucket ('*' is no wildcard in event selectors)",
    s3_but = "{selector} logs S3 object events, but {why}",
    advanced_reads = "{selector} logs S3 object reads only (readOnly {field})",
    advanced_writes = "{selector} logs S3 object writes only (readOnly {field})",
    excludes = "basic selector {n} excludes management events from {sources}",
    management_but = "{selector} logs management events, but {why}",
    no_s3 = "no event selector logs S3 object (AWS::S3::Object) data events",
  },
  ja = {
    not_text = "テキストではない値",
    wildcard = "{value} はどのバケットにも一致しません (イベントセレクターでは '*' "
      .. "はワイルドカードではなく、'*' を含むバケット名もありません)",
    not_s3 = "{value} はパーティション {partition} の S3 ARN ではありません",
    under_key = "{value} の対象はバケット「{bucket}」の「{key}」以下のオブジェクトだけです",
    one_bucket = "{value} の対象はバケット「{bucket}」だけです",
    basic_reads = "{n} 番目の基本的なイベントセレクターが記録するのは S3 "
      .. "オブジェクトの読み取りだけです (ReadWriteType {rw})",
    basic_writes = "{n} 番目の基本的なイベントセレクターが記録するのは S3 "
      .. "オブジェクトの書き込みだけです (ReadWriteType {rw})",
    basic_some = "{n} 番目の基本的なイベントセレクターはすべてのバケットを記録しません: {why}",
    no_bucket = "バケットを指定していません",
    more_values = "{values} ほか {n} 件",
    named = "高度なイベントセレクター「{name}」",
    numbered = "{n} 番目の高度なイベントセレクター",
    read_only_pattern = "readOnly にパターン演算子を使っています ({field})",
    filters = "{field} でも絞り込んでいます ({values}){why}",
    exclusion = "。この除外は accept_arn_exclusions を指定したときだけ認められます",
    wild = "。また、{values} はどのバケットにも一致しません (イベントセレクターでは '*' "
      .. "はワイルドカードではありません)",
    s3_but = "{selector}は S3 オブジェクトイベントを記録しますが、{why}",
    advanced_reads = "{selector}が記録するのは S3 オブジェクトの読み取りだけです (readOnly "
      .. "{field})",
    advanced_writes = "{selector}が記録するのは S3 オブジェクトの書き込みだけです (readOnly "
      .. "{field})",
    excludes = "{n} 番目の基本的なイベントセレクターは {sources} の管理イベントを除外しています",
    management_but = "{selector}は管理イベントを記録しますが、{why}",
    no_s3 = "S3 オブジェクト (AWS::S3::Object) "
      .. "のデータイベントを記録するイベントセレクターがありません",
  },
}

local S3_OBJECT = "AWS::S3::Object"

-- `arn:<p>:s3` and `arn:<p>:s3:::` mean every bucket, now and later.
local function all_buckets_value(v, partition)
  return v == "arn:" .. partition .. ":s3" or v == "arn:" .. partition .. ":s3:::"
end

-- Numeric loops where the list is a table (a snapshot's arrays have no
-- holes): ipairs makes a C call per step.  Anything else holds nothing.
local function contains(list, value)
  if type(list) ~= "table" then
    for _, v in ipairs(list or {}) do -- (raises as before for what cannot be indexed)
      if v == value then return true end
    end
    return false
  end
  for i = 1, #list do
    local v = list[i]
    if v == value then return true end
    if v == nil then return false end
  end
  return false
end

-- Why an S3 ARN value of a selector does not stand for every bucket:
-- values are ARN prefixes compared as text, so '*' is no wildcard and,
-- since no bucket name holds it, a value with one matches no bucket.
local function arn_reason(v, partition)
  if type(v) ~= "string" then return say("not_text") end
  if v:find("*", 1, true) then
    return say("wildcard", {value = v})
  end
  local base = "arn:" .. partition .. ":s3:::"
  if v:sub(1, #base) ~= base then
    return say("not_s3", {value = v, partition = partition})
  end
  local rest = v:sub(#base + 1)
  local bucket, key = rest:match("^([^/]*)/?(.*)$")
  if key ~= "" then
    return say("under_key", {value = v, key = key, bucket = bucket})
  end
  return say("one_bucket", {value = v, bucket = bucket})
end

local function basic(sels, partition, out)
  for i, s in ipairs(sels) do
    local rw = s.ReadWriteType or "All"
    for _, dr in ipairs(s.DataResources or {}) do
      if dr.Type == S3_OBJECT then
        local all, some = false, {}
        for _, v in ipairs(dr.Values or {}) do
          if all_buckets_value(v, partition) then
            all = true
          else
            some[#some + 1] = arn_reason(v, partition)
          end
        end
        if all then
          if rw == "All" or rw == "ReadOnly" then out.read = true end
          if rw == "All" or rw == "WriteOnly" then out.write = true end
          if rw == "ReadOnly" or rw == "WriteOnly" then
            out.notes[#out.notes + 1] = say(rw == "ReadOnly" and "basic_reads" or "basic_writes",
                                            {n = i, rw = rw})
          end
        else
          out.notes[#out.notes + 1] = say("basic_some", {
            n = i, why = #some > 0 and i18n.clauses(some) or say("no_bucket")})
        end
      end
    end
  end
end

local OPERATORS = {"Equals", "NotEquals", "StartsWith", "NotStartsWith", "EndsWith", "NotEndsWith"}

-- The set of readOnly values ("true"/"false") a field selector allows.
-- Returns whether reads ("true") and writes ("false") are allowed, or nil
-- for a pattern operator on readOnly (cannot judge it: it narrows).
local function read_only_values(fs)
  local reads, writes = true, true
  for k = 1, #OPERATORS do
    local op = OPERATORS[k]
    local vals = fs[op]
    if vals then
      if op == "Equals" then
        reads = reads and contains(vals, "true")
        writes = writes and contains(vals, "false")
      elseif op == "NotEquals" then
        reads = reads and not contains(vals, "true")
        writes = writes and not contains(vals, "false")
      else
        return nil
      end
    end
  end
  return reads, writes
end

-- "StartsWith arn:aws:s3:::logs/, ..." for messages (three values at most).
local function describe_field(fs)
  local parts = {}
  for _, op in ipairs(OPERATORS) do
    local vals = fs[op]
    if type(vals) == "table" then
      local shown = {}
      for k = 1, math.min(#vals, 3) do shown[k] = tostring(vals[k]) end
      local values = table.concat(shown, ", ")
      parts[#parts + 1] = op .. " " .. (#vals > 3 and say("more_values", {values = values,
                                                                          n = #vals - 3})
                                        or values)
    end
  end
  return table.concat(parts, "; ")
end

local function only_exclusions(fs)
  return not (fs.Equals or fs.StartsWith or fs.EndsWith)
end

-- Reads one advanced selector: the categories it selects (eventCategory
-- Equals, nothing else), the readOnly values it allows, and whether some
-- field narrows it.  extra(fs, r, partition, opts) judges every other
-- field: true accepts it (and may note something in r), false makes it
-- narrow the selector.  What only a note says (the selector's label, its
-- readOnly field described) is said when a note needs it (label_of,
-- read_only_of): most selectors need none.
local NONE = {}

local function read_advanced(sel, i, extra, partition, opts)
  local r = {categories = NONE, reads = true, writes = true, narrowed = nil,
             sel = sel, i = i, read_only_fs = nil, why = nil, s3 = nil}
  local list = sel.FieldSelectors
  for _, fs in ipairs(list or NONE) do
    -- A field selector is asked for up to seven of its members, most of
    -- them absent, each read of a snapshot table not yet converted a call
    -- (core/lua/lua_json.c): its few members are converted at once (#),
    -- and every read is then the VM's.  (Anything else fails on its
    -- first read, as before.)
    if type(fs) == "table" then local _ = #fs end
    local f = fs.Field
    if f == "eventCategory" then
      if not (fs.NotEquals or fs.StartsWith or fs.NotStartsWith or fs.EndsWith
              or fs.NotEndsWith) then
        r.categories = fs.Equals or NONE
      end
    elseif f == "readOnly" then
      local reads, writes = read_only_values(fs)
      r.read_only_fs = fs
      if reads == nil then
        r.narrowed = say("read_only_pattern", {field = describe_field(fs)})
      else
        r.reads = r.reads and reads
        r.writes = r.writes and writes
      end
    else
      r.why = nil
      if not extra(fs, r, partition, opts) then
        r.narrowed = say("filters", {field = tostring(f), values = describe_field(fs),
                                     why = r.why or ""})
      end
    end
  end
  return r
end

local function label_of(r)
  local name = r.sel.Name
  return name and say("named", {name = name}) or say("numbered", {n = r.i})
end

local function read_only_of(r)
  return describe_field(r.read_only_fs)
end

-- StartsWith arn:<p>:s3::: (or arn:<p>:s3), with no Equals or EndsWith
-- beside it, is every object ARN: AWS accepts any value with StartsWith on
-- resources.ARN (only Equals and NotEquals need a whole resource ARN), per
-- the CloudTrail API reference, AdvancedFieldSelector, Field, resources.ARN:
-- docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
-- and it matches as text, like a basic selector's arn:<p>:s3::: value.
local function starts_with_all(fs, partition)
  if fs.Equals or fs.EndsWith then return false end
  for _, v in ipairs(fs.StartsWith or NONE) do
    if all_buckets_value(v, partition) then return true end
  end
  return false
end

local INCLUSIONS = {"Equals", "StartsWith", "EndsWith"}

-- read_advanced's extra for S3 objects (one function, not a closure per call).
local function s3_field(fs, acc, partition, opts)
  if fs.Field == "resources.type" then
    acc.s3 = contains(fs.Equals, S3_OBJECT)
    return true
  end
  if fs.Field ~= "resources.ARN" then return false end
  local all = starts_with_all(fs, partition)
  if all and not (fs.NotEquals or fs.NotStartsWith or fs.NotEndsWith) then return true end
  -- accepted by parameter: an exclusion of named buckets or prefixes
  if all or only_exclusions(fs) then
    acc.why = not opts.accept_arn_exclusions and say("exclusion") or nil
    return opts.accept_arn_exclusions == true
  end
  local wild = {}
  for _, op in ipairs(INCLUSIONS) do
    for _, v in ipairs(fs[op] or NONE) do
      if type(v) == "string" and v:find("*", 1, true) then wild[#wild + 1] = v end
    end
  end
  acc.why = #wild > 0 and say("wild", {values = i18n.list(wild)}) or nil
  return false
end

-- Judges one advanced selector for S3 objects: returns reads, writes, note.
local function advanced_one(sel, i, partition, opts)
  local r = read_advanced(sel, i, s3_field, partition, opts)
  if not (contains(r.categories, "Data") and r.s3) then
    return false, false, nil
  end
  if r.narrowed then
    return false, false, say("s3_but", {selector = label_of(r), why = r.narrowed})
  end
  if r.reads ~= r.writes then
    return r.reads, r.writes, say(r.reads and "advanced_reads" or "advanced_writes",
                                  {selector = label_of(r), field = read_only_of(r)})
  end
  return r.reads, r.writes, nil
end

local function advanced(sels, partition, out, opts)
  for i, sel in ipairs(sels) do
    local r, w, note = advanced_one(sel, i, partition, opts)
    out.read = out.read or r
    out.write = out.write or w
    if note then out.notes[#out.notes + 1] = note end
  end
end

-- Basic selectors: IncludeManagementEvents defaults to true, ReadWriteType
-- to All; any ExcludeManagementEventSources narrows.
local function basic_management(sels, out)
  for i, s in ipairs(sels) do
    if s.IncludeManagementEvents ~= false then
      local rw = s.ReadWriteType or "All"
      local excluded = {}
      for _, source in ipairs(s.ExcludeManagementEventSources or {}) do
        excluded[#excluded + 1] = tostring(source) -- tostring: a JSON null is not text
      end
      if #excluded > 0 then
        out.notes[#out.notes + 1] = say("excludes", {n = i, sources = i18n.list(excluded)})
      else
        if rw == "All" or rw == "ReadOnly" then out.read = true end
        if rw == "All" or rw == "WriteOnly" then out.write = true end
      end
    end
  end
end

-- Advanced selectors: eventCategory Equals Management, readOnly as for data
-- events, and no other field (eventSource, eventName, ...) narrowing it.
local function no_other_field() return false end

local function advanced_management(sels, out)
  for i, sel in ipairs(sels) do
    local r = read_advanced(sel, i, no_other_field)
    if contains(r.categories, "Management") then
      if r.narrowed then
        out.notes[#out.notes + 1] = say("management_but", {selector = label_of(r),
                                                           why = r.narrowed})
      else
        out.read = out.read or r.reads
        out.write = out.write or r.writes
      end
    end
  end
end

local function management_of(response)
  local out = {read = false, write = false, notes = {}}
  if response.AdvancedEventSelectors then
    advanced_management(response.AdvancedEventSelectors, out)
  end
  if response.EventSelectors then
    basic_management(response.EventSelectors, out)
  end
  return out
end

-- Where this module is shared, its readings are kept per account and
-- handed out read-only (notes included); elsewhere each call makes its own.
local freeze = freeze

-- Most readings have no notes: they share one read-only empty list.
local NO_NOTES = freeze and freeze({})

local function frozen(out)
  out.notes = #out.notes == 0 and NO_NOTES or freeze(out.notes)
  return freeze(out)
end

local function frozen_management(response)
  return frozen(management_of(response))
end

function selectors.management(response, judged)
  if judged == nil or not freeze then return management_of(response) end
  return facts.get(judged, "management selectors", response, frozen_management, response)
end

local s3_objects_of

local function frozen_s3_objects(response, partition, opts)
  return frozen(s3_objects_of(response, partition, opts))
end

-- The options' one member, as s3_objects reads it (true, other true, or not).
local function opts_kind(opts)
  local x = opts and opts.accept_arn_exclusions
  return x == true and " exclusions" or x and " exclusions?" or ""
end

function selectors.s3_objects(response, partition, opts, judged)
  if judged == nil or not freeze or type(partition) ~= "string" then
    return s3_objects_of(response, partition, opts)
  end
  return facts.get(judged, "s3 selectors " .. partition .. opts_kind(opts), response,
                   frozen_s3_objects, response, partition, opts)
end

function s3_objects_of(response, partition, opts)
  local out = {read = false, write = false, notes = {}}
  opts = opts or {}
  if response.AdvancedEventSelectors then
    advanced(response.AdvancedEventSelectors, partition, out, opts)
  end
  if response.EventSelectors then
    basic(response.EventSelectors, partition, out)
  end
  if #out.notes == 0 and not (out.read and out.write) then
    out.notes[1] = say("no_s3")
  end
  return out
end

return selectors
