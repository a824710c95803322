-- AWS CLI fixes filled in with a finding's own names.  A fix is one line a
-- reader can paste into a shell, so names are shell-quoted and JSON
-- arguments are built from the snapshot's own values.
--
--   local fixes = require("fixes")
--   fixes.q(s)                        shell-quoted s
--   fixes.plain(list)                 true when fixes.q(s) is s for every s of list
--   fixes.cloudtrail(t, "update-trail", "--enable-log-file-validation")
--   fixes.where(t, cmd)               cmd, saying which account must run it
--   fixes.json(v [, map])             compact JSON of a snapshot table
--   fixes.raw(text)                   JSON text fixes.json copies as is
--   fixes.fit(cmd, fallback)          cmd, or fallback when cmd is too long
--   fixes.note(cmd, text)             cmd with text as a shell comment after it
--   fixes.chain(cmds)                 cmds joined by &&, their comments at the end
--   fixes.placeholders(cmd)           cmd with its <placeholders> in the scan's language
--   fixes.placeholders_ja(cmd)        the same, always Japanese (a rule's texts.ja)

local arn = require("arn")

local fixes = {}

-- The prose of fixes' comments (rules/lib/i18n.lua); a caller's note text
-- comes from its own catalogue, in the scan's language.
local say = require("i18n").catalogue{
  en = {in_account = "in account {account}"},
  ja = {in_account = "アカウント {account} で実行してください"},
}

-- Results refuse a fix longer than 4096 bytes; stay well below.
local MAX_FIX = 3800

-- Single-quotes s for a POSIX shell unless it is plainly safe.
local function quote(s)
  if s:match("^[%w%-%._/:@=+,]+$") then
    return s
  end
  -- A name without a quote of its own needs no gsub (a pattern call).
  if not s:find("'", 1, true) then
    return "'" .. s .. "'"
  end
  return "'" .. (s:gsub("'", "'\\''")) .. "'"
end

-- Regions, buckets and topics come back for every result of an account:
-- quoted once (strings are values, so the memo is a pure function of them).
-- Through `memo` when the scan counts exactly (answers.lua's absence says
-- why; a rule folder's own instance of this module quotes each time).
local quoted, nquoted = {}, 0

local memo, exact = memo, counts_exactly

function fixes.q(s)
  if exact then
    if type(s) ~= "string" then s = tostring(s) end
    if not memo then return quote(s) end
    return memo(quoted, s, quote, s)
  end
  local q = quoted[s] -- keys are strings: anything else misses
  if q then return q end
  if type(s) ~= "string" then
    s = tostring(s)
    q = quoted[s]
    if q then return q end
  end
  q = quote(s)
  if nquoted >= 512 then quoted, nquoted = {}, 0 end
  quoted[s] = q
  nquoted = nquoted + 1
  return q
end

-- One pattern for a whole list (an account's bucket names) instead of one
-- per name: the names joined by a character the safe class holds are safe
-- exactly when each is (and none is empty).
function fixes.plain(list)
  -- (walked as ipairs walks it, to its first nil, without a C call a step)
  local i = 1
  while true do
    local s = list[i]
    if s == nil then break end
    if type(s) ~= "string" or s == "" then return false end
    i = i + 1
  end
  return string.find(table.concat(list, "/"), "^[%w%-%._/:@=+,]*$") ~= nil
end

function fixes.fit(cmd, fallback)
  if #cmd <= MAX_FIX then
    return cmd
  end
  return fallback
end

-- Prose a reader needs with a command goes in a shell comment after it, so
-- the line stays pasteable: never "(...)" inside an && chain.
local COMMENT = "  # "

function fixes.note(cmd, text)
  return cmd .. COMMENT .. text
end

-- Whether byte upto of s is outside shell quotes: fixes.q's '...' and a
-- command's own "..." (a backslash outside '...' escapes the next byte).
local function outside_quotes(s, upto)
  local i, open = 1, nil
  while true do
    local at = s:find(open == "'" and "'" or "[\\'\"]", i)
    if not at or at >= upto then return open == nil end
    local c = s:sub(at, at)
    if c == "\\" then
      i = at + 2
    elseif open == nil then
      open, i = c, at + 1
    else
      if c == open then open = nil end
      i = at + 1
    end
  end
end

-- Where cmd's comment starts: its first COMMENT outside quotes (a log
-- group named 'trail  # 2' is an argument, not a comment), or nil.
local function comment_at(cmd)
  local at = cmd:find(COMMENT, 1, true)
  while at and not outside_quotes(cmd, at) do
    at = cmd:find(COMMENT, at + 1, true)
  end
  return at
end

-- cmds joined by " && "; a command's comment (fixes.note) would end the
-- line where it stands, so every comment moves to the end, in order.
function fixes.chain(cmds)
  -- One command (most fixes) is its own chain: its comment, if any, is
  -- already at the end (no find, no concat).
  local first = cmds[1]
  if cmds[2] == nil and type(first) == "string" then return first end
  local parts, notes = {}, {}
  for i, cmd in ipairs(cmds) do
    local at = comment_at(cmd)
    if at then
      notes[#notes + 1] = cmd:sub(at + #COMMENT)
      cmd = cmd:sub(1, at - 1)
    end
    parts[i] = cmd
  end
  local line = table.concat(parts, " && ")
  if #notes > 0 then line = line .. COMMENT .. table.concat(notes, "; ") end
  return line
end

-- `aws cloudtrail <subcommand>` aimed at trail t (an entry of trails.all):
-- in its home region, by name; a trail of another account (an organization
-- trail seen from a member) by ARN.
function fixes.cloudtrail(t, subcommand, args, name_flag)
  -- (Concatenated: string.format is a sandboxed call costing several times
  -- more, and most trail fixes come through here.  fixes.q gives strings.)
  if type(subcommand) ~= "string" then subcommand = tostring(subcommand) end
  if name_flag == nil then
    name_flag = "--name"
  elseif type(name_flag) ~= "string" then
    name_flag = tostring(name_flag)
  end
  local cmd = "aws cloudtrail " .. subcommand .. " --region " .. fixes.q(t.home) .. " "
    .. name_flag .. " " .. fixes.q(t.foreign and t.arn or t.name)
  if args and args ~= "" then
    cmd = cmd .. " " .. args
  end
  return cmd
end

-- Only a trail's owner can change it: for a trail of another account, the
-- (whole) command line ends with a comment naming that account.
function fixes.where(t, cmd)
  if t.foreign then
    return fixes.note(cmd, say("in_account", {account = tostring(arn.owner(t.arn))}))
  end
  return cmd
end

-- ---- JSON ------------------------------------------------------------------

local RAW = {}

function fixes.raw(text)
  return setmetatable({text = text}, RAW)
end

-- Members that AWS defines as lists.  An empty snapshot array cannot be
-- told from an empty object, so these names decide.
local LISTS = {
  Rules = true, Transitions = true, NoncurrentVersionTransitions = true, Tags = true,
  EventSelectors = true, AdvancedEventSelectors = true, FieldSelectors = true,
  DataResources = true, Values = true, ExcludeManagementEventSources = true,
  Equals = true, NotEquals = true, StartsWith = true, NotStartsWith = true,
  EndsWith = true, NotEndsWith = true,
}

local ESCAPES = {['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f',
                 ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t'}

local function string_json(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return ESCAPES[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local encode

-- Snapshot tables are proxies: only pairs (not next) sees their members.
local function first_key(v)
  local iter, state, init = pairs(v)
  return (iter(state, init))
end

-- Members in document order (snapshot tables keep it through pairs).
local function object_json(v, map, out)
  out[#out + 1] = "{"
  local first = true
  for k, x in pairs(v) do
    local y = map and map(k, x, v)
    if y == nil then y = x end
    if not first then out[#out + 1] = "," end
    first = false
    out[#out + 1] = string_json(tostring(k)) .. ":"
    encode(y, map, out, k)
  end
  out[#out + 1] = "}"
end

local function array_json(v, map, out)
  out[#out + 1] = "["
  for i, x in ipairs(v) do
    if i > 1 then out[#out + 1] = "," end
    encode(x, map, out, nil)
  end
  out[#out + 1] = "]"
end

function encode(v, map, out, key)
  local ty = type(v)
  if v == nil or v == trailscan.null then
    out[#out + 1] = "null"
  elseif ty == "boolean" then
    out[#out + 1] = tostring(v)
  elseif ty == "number" then
    out[#out + 1] = math.type(v) == "integer" and string.format("%d", v)
      or string.format("%.17g", v)
  elseif ty == "string" then
    out[#out + 1] = string_json(v)
  elseif getmetatable(v) == RAW then
    out[#out + 1] = v.text
  elseif ty == "table" then
    local k = first_key(v)
    if type(k) == "number" or (k == nil and LISTS[key]) then
      array_json(v, map, out)
    else
      object_json(v, map, out)
    end
  else
    out[#out + 1] = "null"
  end
end

-- map(key, value, parent), when given, may return a replacement for an
-- object member (a plain value or fixes.raw(...)).  Plain Lua tables with
-- string keys have no stable order: pass those as fixes.raw.
function fixes.json(v, map)
  local out = {}
  encode(v, map, out, nil)
  return table.concat(out)
end

-- What a <placeholder> of a command asks a person to fill in is prose: in
-- Japanese it is said in Japanese, while the command's words stay code.  A
-- placeholder that only names a value (<bucket>, <region>) stays as it is.
local PLACEHOLDERS_JA = {
  ["<home region>"] = "<ホームリージョン>",
  ["<access-log bucket>"] = "<アクセスログの保存先バケット>",
  ["<trail bucket>"] = "<証跡のバケット>",
  ["<trail log group>"] = "<証跡のロググループ>",
  ["<trail's group>"] = "<証跡のロググループ>",
  ["<log bucket>"] = "<ログ用バケット>",
  ["<security-team-email>"] = "<セキュリティチームのメールアドレス>",
  ["<SNS topic ARN with a confirmed subscription>"]
    = "<確認済みのサブスクリプションがある SNS トピックの ARN>",
  ["<SNS topic ARN>"] = "<SNS トピックの ARN>",
  ["<KMS key ARN or alias>"] = "<KMS キーの ARN またはエイリアス>",
  ["<key ARN>"] = "<キーの ARN>",
  ["<its current recording group>"] = "<現在の記録グループ>",
  ["<the alarm's definition>"] = "<アラームの定義>",
  ["<AWSServiceRoleForConfig ARN>"] = "<AWSServiceRoleForConfig の ARN>",
  ["<role CloudTrail assumes to write there>"] = "<CloudTrail が引き受ける IAM ロール>",
  ["<role CloudTrail assumes to write to CloudWatch Logs>"]
    = "<CloudTrail が CloudWatch Logs への書き込みに引き受ける IAM ロール>",
}

function fixes.placeholders_ja(cmd)
  return (string.gsub(cmd, "<[^<>]+>", PLACEHOLDERS_JA))
end

-- The same few commands come back for every result: each said once in
-- Japanese (a pure function of the text; at most 256 kept).
local ja_said, nja = {}, 0

function fixes.placeholders(cmd)
  if trailscan.lang ~= "ja" then return cmd end
  if exact then -- through `memo`, as fixes.q
    if not memo or type(cmd) ~= "string" then return fixes.placeholders_ja(cmd) end
    return memo(ja_said, cmd, fixes.placeholders_ja, cmd)
  end
  local said = ja_said[cmd]
  if said then return said end
  said = fixes.placeholders_ja(cmd)
  if type(cmd) == "string" then
    if nja >= 256 then ja_said, nja = {}, 0 end
    ja_said[cmd] = said
    nja = nja + 1
  end
  return said
end

return fixes
