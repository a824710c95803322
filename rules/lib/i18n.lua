-- Finding messages in the scan's language (trailscan.lang: "en" or "ja"),
-- from a rule's message catalogue with named placeholders.
--
--   local messages = {
--     en = {enabled = "Trail {trail} has log file validation enabled."},
--     ja = {enabled = "証跡 {trail} ではログファイルの検証が有効です。"},
--   }
--   local say = require("i18n").catalogue(messages)
--   ...
--   result.message = say("enabled", {trail = trails.label(t)})
--
-- The rule returns the same table as its `messages` field: the engine then
-- checks, as it loads the rule, that every language has every English
-- message with the same {placeholders} (README, "Rule texts in two
-- languages").  A language without a catalogue, or a catalogue without the
-- message, says it in English.

local M = {}

-- Upvalues, not globals: the formatters below test each value they say,
-- and every message asks the scan's language (the `trailscan` table is the
-- same one for the state's life; its lang is set before each run).
local type, tostring = type, tostring
local api = trailscan

-- Given to built-in modules (engine/rule_env.c): `memo` to the shared
-- instance only, `counts_exactly` to every one.
local memo, exact = memo, counts_exactly

-- The text of message key in lang, else in English.
local function text_of(messages, key)
  local own = messages[trailscan.lang]
  local text = own and own[key] or messages.en[key]
  if type(text) ~= "string" then
    error(string.format("no message '%s' in the rule's catalogue (messages.en)", key), 3)
  end
  return text
end

-- "a,b" for text's {placeholders}, sorted, each once (as the engine's
-- check of a rule's catalogue reads them).
-- Plain finds, not a pattern over the whole text: the sandbox charges a
-- pattern's worst case to the budget of every rule that requires a module,
-- and a small --max-instructions must still load the rules.
local function placeholders(text)
  local seen, names, pos = {}, {}, 1
  while true do
    local open = string.find(text, "{", pos, true)
    local close = open and string.find(text, "}", open + 1, true)
    if not close then break end
    local name = string.sub(text, open + 1, close - 1)
    if name ~= "" and not string.find(name, "[^%w_]") then
      if not seen[name] then
        seen[name] = true
        names[#names + 1] = name
      end
      pos = close + 1
    else
      pos = open + 1
    end
  end
  table.sort(names)
  return table.concat(names, ",")
end

-- What the engine checks of a rule's `messages` as it loads the rule, done
-- here as a catalogue is made, so that a shared module's catalogue (which
-- no engine check sees) is as safe: every other language has exactly the
-- English keys, each a string with the same placeholders.  Nil when it
-- holds, else the first problem, naming the key.
local function problem(messages)
  for lang, own in pairs(messages) do
    if lang ~= "en" then
      if type(own) ~= "table" then
        return string.format("messages.%s must be a catalogue (a table)", tostring(lang))
      end
      for key, text in pairs(own) do
        local en = messages.en[key]
        if type(key) ~= "string" or type(text) ~= "string" then
          return string.format("messages.%s: each message must be a string under a name", lang)
        elseif type(en) ~= "string" then
          return string.format("messages.%s.%s has no English 'messages.en.%s'", lang, key, key)
        elseif placeholders(text) ~= placeholders(en) then
          return string.format("messages.%s.%s has placeholders {%s}, the English one {%s}",
                               lang, key, placeholders(text), placeholders(en))
        end
      end
      for key, en in pairs(messages.en) do
        if own[key] == nil then
          return string.format("messages.%s lacks '%s' (English: \"%s\")", lang,
                               tostring(key), tostring(en))
        end
      end
    end
  end
  return nil
end

-- A message's text split once into its literal parts (odd indices) and
-- placeholder names (even): a rule says the same few messages for each of
-- thousands of resources, and matching "{name}" anew each time would cost
-- more than the rest of its judgment (pattern matching is charged to the
-- rule's instruction budget).  A "{" that opens no {name} is literal.
local function compile(text)
  local parts, literal, pos = {}, {}, 1
  while true do
    local open = string.find(text, "{", pos, true)
    if not open then break end
    local name = string.match(text, "^([%w_]+)}", open + 1)
    literal[#literal + 1] = string.sub(text, pos, name and open - 1 or open)
    if name then
      parts[#parts + 1] = table.concat(literal)
      parts[#parts + 1] = name
      literal = {}
      pos = open + #name + 2
    else
      pos = open + 1
    end
  end
  literal[#literal + 1] = string.sub(text, pos)
  parts[#parts + 1] = table.concat(literal)
  return parts
end

-- A message's text as a function of its args: the text, or nil and the
-- first placeholder args has no value for.  Up to four placeholders (most
-- messages) it is one concatenation of locals: no table built, and no
-- library call for a value that is already a string (tostring returns a
-- string as it is).
local function text(v)
  if v ~= nil then return tostring(v) end
end

local function formatter(parts)
  local n = #parts
  local l1, k1, l2, k2, l3, k3, l4, k4, l5 = table.unpack(parts, 1, 9)
  if n == 1 then
    return function() return l1 end
  elseif n == 3 then
    return function(args)
      local a = args and args[k1]
      if type(a) ~= "string" then a = text(a); if not a then return nil, k1 end end
      return l1 .. a .. l2
    end
  elseif n == 5 then
    return function(args)
      local a, b = args and args[k1], args and args[k2]
      if type(a) ~= "string" then a = text(a); if not a then return nil, k1 end end
      if type(b) ~= "string" then b = text(b); if not b then return nil, k2 end end
      return l1 .. a .. l2 .. b .. l3
    end
  elseif n == 7 then
    return function(args)
      local a, b, c = args and args[k1], args and args[k2], args and args[k3]
      if type(a) ~= "string" then a = text(a); if not a then return nil, k1 end end
      if type(b) ~= "string" then b = text(b); if not b then return nil, k2 end end
      if type(c) ~= "string" then c = text(c); if not c then return nil, k3 end end
      return l1 .. a .. l2 .. b .. l3 .. c .. l4
    end
  elseif n == 9 then
    return function(args)
      local a, b, c, d = args and args[k1], args and args[k2], args and args[k3], args and args[k4]
      if type(a) ~= "string" then a = text(a); if not a then return nil, k1 end end
      if type(b) ~= "string" then b = text(b); if not b then return nil, k2 end end
      if type(c) ~= "string" then c = text(c); if not c then return nil, k3 end end
      if type(d) ~= "string" then d = text(d); if not d then return nil, k4 end end
      return l1 .. a .. l2 .. b .. l3 .. c .. l4 .. d .. l5
    end
  end
  return function(args)
    local out = {}
    for i = 1, n do
      local part = parts[i]
      if i % 2 == 1 then
        out[i] = part
      else
        local v = text(args and args[part])
        if v == nil then return nil, part end
        out[i] = v
      end
    end
    return table.concat(out)
  end
end

-- A function say(key, args) -> the message key in the scan's language, each
-- {name} replaced by tostring(args.name).  A placeholder without its value
-- is the rule's mistake: an error, never a message with a hole.  So is a
-- catalogue whose languages differ (problem): an error where it is made.
function M.catalogue(messages)
  if type(messages) ~= "table" or type(messages.en) ~= "table" then
    error("i18n.catalogue needs {en = {...}, ja = {...}}", 2)
  end
  local wrong = problem(messages)
  if wrong then
    error("i18n.catalogue: " .. wrong, 2)
  end
  -- Each message is made a formatter once per language (by key: the same
  -- text under two keys is split twice, which costs nothing that matters).
  -- When the scan counts exactly (`counts_exactly`: --profile, or a budget
  -- under 20 million), every one at once, as the catalogue is made (while
  -- its rule or module loads): one made on first use would be charged to
  -- whichever account came first in the worker, so --profile's counts and
  -- where a budget stops a rule would depend on --jobs.
  local lang, formatters = nil, {}
  local function make_all()
    lang, formatters = api.lang, {}
    local own = messages[lang]
    for key, en in pairs(messages.en) do
      local text = own and own[key] or en
      if type(text) == "string" then
        formatters[key] = formatter(compile(text))
      end
    end
  end
  if exact then make_all() end
  return function(key, args)
    if api.lang ~= lang then
      lang, formatters = api.lang, {}
      if exact then make_all() end
    end
    local f = formatters[key]
    if not f then
      f = formatter(compile(text_of(messages, key)))
      formatters[key] = f
    end
    local said, missing = f(args)
    if said then return said end
    error(string.format("message '%s' needs a value for {%s}", key, missing), 2)
  end
end

-- say(key, {[field] = value}) said once per value and language, for texts
-- that depend on nothing else and are asked for again and again (a trail's
-- quoted name, "no snapshot lists bucket B"): at most `most` are kept.
-- Values that are not strings are said each time.  When the scan counts
-- exactly they are kept through `memo` instead (at most 1,024), which
-- charges every call what saying it cost, kept or not: a text kept by an
-- earlier account of the same worker must not make this one cheaper, or
-- --jobs would change --profile's counts and where a budget stops a rule.
-- (A rule folder's own instance of this module has no `memo`: it says
-- each text each time then.)
function M.said_once(say, key, field, most)
  local kept, lang, n = {}, nil, 0
  if exact then
    local function say_it(value) return say(key, {[field] = value}) end
    lang = api.lang -- not set on a first call: that would cost more
    return function(value)
      if not memo or type(value) ~= "string" then return say_it(value) end
      if api.lang ~= lang then
        kept, lang = {}, api.lang
      end
      return memo(kept, value, say_it, value)
    end
  end
  return function(value)
    if type(value) ~= "string" then return say(key, {[field] = value}) end
    if api.lang ~= lang or n >= most then
      kept, lang, n = {}, api.lang, 0
    end
    local said = kept[value]
    if not said then
      said = say(key, {[field] = value})
      kept[value] = said
      n = n + 1
    end
    return said
  end
end

-- Lists inside messages: names joined by ", " in English and by "、" in
-- Japanese (list); reasons, each a clause, by "; " and by "。" (clauses:
-- each is a sentence there, and the message's own "。" ends the last).
local SEPARATORS = {
  list = {en = ", ", ja = "、"},
  clauses = {en = "; ", ja = "。"},
}

function M.list(items)
  -- A list of one text is that text: most lists are, and table.concat is
  -- a sandboxed library call (its result is the same string).
  if #items == 1 and type(items[1]) == "string" then return items[1] end
  return table.concat(items, SEPARATORS.list[api.lang] or SEPARATORS.list.en)
end

function M.clauses(items)
  if #items == 1 and type(items[1]) == "string" then return items[1] end
  return table.concat(items, SEPARATORS.clauses[api.lang] or SEPARATORS.clauses.en)
end

-- The scan's language: "en" or "ja".
function M.lang()
  return api.lang
end

return M
