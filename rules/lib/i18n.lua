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

-- The text of message key in lang, else in English.
local function text_of(messages, key)
  local own = messages[trailscan.lang]
  local text = own and own[key] or messages.en[key]
  if type(text) ~= "string" then
    error(string.format("no message '%s' in the rule's catalogue (messages.en)", key), 3)
  end
  return text
end

-- A function say(key, args) -> the message key in the scan's language, each
-- {name} replaced by tostring(args.name).  A placeholder without its value
-- is the rule's mistake: an error, never a message with a hole.
function M.catalogue(messages)
  if type(messages) ~= "table" or type(messages.en) ~= "table" then
    error("i18n.catalogue needs {en = {...}, ja = {...}}", 2)
  end
  return function(key, args)
    local text = text_of(messages, key)
    return (string.gsub(text, "{([%w_]+)}", function(name)
      local v = args and args[name]
      if v == nil then
        error(string.format("message '%s' needs a value for {%s}", key, name), 3)
      end
      return tostring(v)
    end))
  end
end

-- The scan's language: "en" or "ja".
function M.lang()
  return trailscan.lang
end

return M
