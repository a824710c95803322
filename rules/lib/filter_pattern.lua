-- CloudWatch Logs JSON filter patterns: a parser, a normal form, and a
-- comparison by meaning.
--
--   local fp = require("filter_pattern")
--   local p, err = fp.compile('{ ($.eventName = "ConsoleLogin") && ($.x != Yes) }')
--     p.clauses   the pattern in disjunctive normal form: a list of clauses
--                 (ORed), each a list of atoms (ANDed)
--     nil, err    when the text is not a JSON filter pattern we understand
--                 (never raises)
--   local ok, info = fp.covers(filter, reference [, budget])  -- texts or compiled
--     ok          true when the filter matches at least every event the
--                 reference matches (as far as can be proven: when in doubt,
--                 false); nil and an error when either does not compile
--     info.missing   reference clauses no filter clause is proven to cover,
--                    rendered ("$.eventName = DetachGroupPolicy")
--     info.hints     for each missing clause, the nearest filter clause's
--                    extra conditions ("$.eventSource = ec2.amazonaws.com"),
--                    or false
--   fp.render_clause(clause) -> "$.a = x && $.b NOT EXISTS"
--   fp.within(pattern, condition) -> '{(condition) && (pattern's own)}': a
--                 reference narrowed to the events one condition holds for
--
-- Syntax (CloudWatch Logs "Filter pattern syntax", JSON log events):
--   { SELECTOR OP VALUE }, joined with && and ||, && binding tighter, with
--   parentheses; whitespace anywhere between tokens.
--   SELECTOR  $.name(.name|[n])*   names of letters, digits, '_' and '-'
--   OP        = != (strings and numbers), < <= > >= (numbers only)
--   VALUE     "quoted" (\" and \\ escapes) or unquoted ([A-Za-z0-9._*+:/-]);
--             '*' at the start and/or end is a wildcard (suffix, prefix,
--             contains; '*' alone matches any value); a '*' inside is a
--             literal character (the documentation: "Ev*ent will only match
--             the actual string Ev*ent").  An unquoted number compares as a
--             number (400 = 400.0); quoted, it compares as text.
--             %regex% values are parsed but only ever equal themselves.
--             Several unquoted words are one phrase (see unquoted_phrase).
--   SELECTOR IS NULL | IS TRUE | IS FALSE | NOT EXISTS | EXISTS
-- Matching is case-sensitive.  An empty pattern matches every event; other
-- text patterns (terms, [space, delimited]) are not JSON patterns: nil, err.
--
-- Soundness: covers() says true only when every reference clause R has a
-- filter clause F each of whose atoms follows from a single atom of R
-- (same field and the same value; a wildcard or a '!=' that admits R's
-- value; a numeric range that contains R's; a NOT EXISTS on the same field
-- or a parent).  Anything it cannot prove counts as not covered: a regex,
-- a literal '*' inside a value, IS NULL/TRUE/FALSE against anything but
-- the same test, and conclusions that would depend on how CloudWatch treats
-- '!=' on an absent field (undocumented).  It never claims coverage that is
-- not there; it may miss coverage that only several filter clauses together
-- give.

local M = {}

local MAX_LENGTH = 65536   -- AWS allows 1024 characters; be generous
local MAX_DEPTH = 100      -- nested parentheses
local MAX_CLAUSES = 256    -- size of the normal form
local MAX_WORK = 50000     -- clause pairs one comparison may look at

---------------------------------------------------------------------------
-- Characters

local SPACE = {[9] = true, [10] = true, [11] = true, [12] = true, [13] = true, [32] = true}

-- The tokens that are one character.
local PUNCTUATION = {[123] = "{", [125] = "}", [40] = "(", [41] = ")"}

local function is_digit(b)
  return b ~= nil and b >= 48 and b <= 57
end

local function is_alnum(b)
  return b ~= nil and ((b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122))
end

-- Characters of an unquoted value: letters, digits and . _ * + : / -
local VALUE_EXTRA = {[46] = true, [95] = true, [42] = true, [43] = true, [58] = true,
                     [47] = true, [45] = true}

local function is_value_char(b)
  return is_alnum(b) or (b ~= nil and VALUE_EXTRA[b] == true)
end

-- Whether s is a number as the syntax writes one: [+-] digits [. digits]
-- [e [+-] digits], or [+-] . digits [e ...].
local function is_number_text(s)
  local i, n = 1, #s
  local b = s:byte(i)
  if b == 43 or b == 45 then i = i + 1 end
  local digits = 0
  while is_digit(s:byte(i)) do i = i + 1; digits = digits + 1 end
  if s:byte(i) == 46 then
    i = i + 1
    while is_digit(s:byte(i)) do i = i + 1; digits = digits + 1 end
  end
  if digits == 0 then return false end
  b = s:byte(i)
  if b == 101 or b == 69 then
    i = i + 1
    b = s:byte(i)
    if b == 43 or b == 45 then i = i + 1 end
    local exp = 0
    while is_digit(s:byte(i)) do i = i + 1; exp = exp + 1 end
    if exp == 0 then return false end
  end
  return i == n + 1
end

---------------------------------------------------------------------------
-- Values

-- A string value: wild is "lit", "prefix", "suffix", "contains" or "any";
-- core is the text without the wildcards.  A '*' left inside makes the
-- value "opaque" (compared only with itself).
local function string_value(text, quoted)
  local v = {kind = "str", text = text, quoted = quoted}
  if text == "*" then
    v.wild, v.core = "any", ""
    return v
  end
  local s, lead, trail = text, false, false
  if s:byte(1) == 42 then lead = true; s = s:sub(2) end
  if #s > 0 and s:byte(#s) == 42 then trail = true; s = s:sub(1, #s - 1) end
  if s:find("*", 1, true) then
    v.kind = "opaque"
    return v
  end
  v.core = s
  if lead and trail then
    v.wild = (s == "") and "any" or "contains"
  elseif lead then
    v.wild = "suffix"
  elseif trail then
    v.wild = "prefix"
  else
    v.wild = "lit"
  end
  return v
end

local function value_key(v)
  if v.kind == "str" then return "s:" .. v.wild .. ":" .. v.core end
  if v.kind == "num" then return "n:" .. string.format("%.17g", v.num) end
  return v.kind .. ":" .. v.text
end

-- For messages: unquoted when the syntax allows it and it reads the same.
local function render_value(v)
  if v.kind == "num" or v.kind == "kw" then return v.text end
  if v.kind == "regex" then return "%" .. v.text .. "%" end
  local t = v.text
  -- Plain: letters, digits and . _ - * only (one pattern call, not one
  -- call per character: references are rendered for every filter text).
  if t:find("^[0-9A-Za-z%._%-%*]+$") and not is_number_text(t) and t ~= "true"
     and t ~= "false" and t ~= "null" then
    return t
  end
  return '"' .. (t:gsub('["\\]', "\\%0")) .. '"'
end

local OP_TEXT = {eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=",
                 null = "IS NULL", ["true"] = "IS TRUE", ["false"] = "IS FALSE",
                 exists = "EXISTS", notexists = "NOT EXISTS"}

local function render_atom(a)
  if a.value then
    return a.path .. " " .. OP_TEXT[a.op] .. " " .. render_value(a.value)
  end
  return a.path .. " " .. OP_TEXT[a.op]
end

function M.render_clause(clause)
  local parts = {}
  for i, a in ipairs(clause) do parts[i] = a.text or render_atom(a) end
  return table.concat(parts, " && ")
end

---------------------------------------------------------------------------
-- Lexer: a list of tokens {t = kind, v = text, pos = byte offset}.
--   kinds: "{" "}" "(" ")" "&&" "||" "op" "sel" "word" "str" "re"
-- Each scanner below reads one token starting at s[i]: it returns the
-- token and the position after it, or nil, what is wrong and where.

-- $.name(.name|[n])*
local function scan_selector(s, i)
  local start, segs = i, {}
  i = i + 1
  while true do
    local c = s:byte(i)
    if c == 46 then -- .name
      local j = s:find("[^0-9A-Za-z_%-]", i + 1) or #s + 1 -- not a letter, digit, _ or -
      if j == i + 1 then return nil, "a selector needs a property name after '.'", i end
      segs[#segs + 1] = "." .. s:sub(i + 1, j - 1)
      i = j
    elseif c == 91 then -- [n]
      if #segs == 0 then return nil, "an array index must follow a property name", i end
      local j = i + 1
      while is_digit(s:byte(j)) do j = j + 1 end
      if j == i + 1 or s:byte(j) ~= 93 then
        return nil, "an array index is written [NUMBER]", i
      end
      segs[#segs + 1] = "[" .. string.format("%d", tonumber(s:sub(i + 1, j - 1))) .. "]"
      i = j + 1
    else
      break
    end
  end
  if #segs == 0 then return nil, "a selector starts with '$.'", start end
  return {t = "sel", v = "$" .. table.concat(segs), pos = start}, i
end

-- "quoted", with \" and \\ escapes; the text between them is copied a
-- run at a time.
local function scan_string(s, i)
  local start, out = i, {}
  i = i + 1
  while true do
    local j = s:find('["\\]', i)
    if not j then return nil, "unterminated string", start end
    if j > i then out[#out + 1] = s:sub(i, j - 1) end
    if s:byte(j) == 34 then
      i = j
      break
    end
    local d = s:byte(j + 1)
    if d == 34 or d == 92 then
      out[#out + 1] = string.char(d)
      i = j + 2
    else
      -- Not a documented escape: keep the backslash as text.
      out[#out + 1] = "\\"
      i = j + 1
    end
  end
  return {t = "str", v = table.concat(out), pos = start}, i + 1
end

-- %regex%
local function scan_regex(s, i)
  local start = i
  i = i + 1
  while true do
    local c = s:byte(i)
    if c == nil then return nil, "unterminated regular expression", start end
    if c == 92 then
      i = i + 2
    elseif c == 37 then
      break
    else
      i = i + 1
    end
  end
  return {t = "re", v = s:sub(start + 1, i - 1), pos = start}, i + 1
end

-- && || = != < <= > >=
local function scan_operator(s, i)
  local b = s:byte(i)
  if b == 38 or b == 124 then -- & |
    if s:byte(i + 1) ~= b then
      return nil, string.format("'%s' must be doubled ('%s%s')", string.char(b),
                                string.char(b), string.char(b)), i
    end
    return {t = string.char(b, b), pos = i}, i + 2
  elseif b == 61 then -- =
    if s:byte(i + 1) == 61 then return nil, "'==' is not an operator (use '=')", i end
    return {t = "op", v = "eq", pos = i}, i + 1
  elseif b == 33 then -- !
    if s:byte(i + 1) ~= 61 then return nil, "'!' must be followed by '='", i end
    return {t = "op", v = "ne", pos = i}, i + 2
  end
  -- < >: the token's position is that of its last character
  local op = (b == 60) and "lt" or "gt"
  if s:byte(i + 1) == 61 then
    op = (b == 60) and "le" or "ge"
    i = i + 1
  end
  return {t = "op", v = op, pos = i}, i + 1
end

local SCANNERS = {[36] = scan_selector, [34] = scan_string, [37] = scan_regex,
                  [38] = scan_operator, [124] = scan_operator, [61] = scan_operator,
                  [33] = scan_operator, [60] = scan_operator, [62] = scan_operator}

local function lex(s)
  local toks, i, n = {}, 1, #s
  while i <= n do
    local b = s:byte(i)
    local scan = SCANNERS[b]
    local punctuation = PUNCTUATION[b]
    if SPACE[b] then
      i = i + 1
    elseif punctuation then -- { } ( )
      toks[#toks + 1] = {t = punctuation, pos = i}
      i = i + 1
    elseif scan then
      local tok, next_i, at = scan(s, i)
      if not tok then
        return nil, string.format("%s at character %d", next_i, at)
      end
      toks[#toks + 1] = tok
      i = next_i
    elseif is_value_char(b) then
      local start = i
      i = s:find("[^0-9A-Za-z%._%*%+:/%-]", i + 1) or n + 1 -- is_value_char
      toks[#toks + 1] = {t = "word", v = s:sub(start, i - 1), pos = start, stop = i - 1}
    else
      return nil, string.format("unexpected character '%s' (quote values that contain it) at"
                                .. " character %d",
                                b < 128 and string.char(b) or string.format("\\x%02X", b), i)
    end
  end
  return toks
end

---------------------------------------------------------------------------
-- Parser: recursive descent over the tokens.  Trees:
--   {t = "or", list}  {t = "and", list}  {t = "atom", atom}
-- An atom: {path = "$.a[0].b", op = "eq"|"ne"|"lt"|"le"|"gt"|"ge"|"null"|
--           "true"|"false"|"exists"|"notexists", value = v or nil, id = key,
--           text = its rendering}
-- The parser's state: {toks = list, pos = the next token's index}.  A
-- syntax error raises {msg = ...} (compile catches it).

-- text: the atom rendered (render_atom), once as it is made: a reference's
-- clauses are rendered for every filter text that misses them.
local function make_atom(path, op, value)
  local a = {path = path, op = op, value = value}
  a.id = path .. "\0" .. op .. "\0" .. (value and value_key(value) or "")
  a.text = render_atom(a)
  return a
end

local function peek(ps)
  return ps.toks[ps.pos]
end

local function fail(ps, msg, tok)
  tok = tok or ps.toks[ps.pos]
  if tok then
    error({msg = string.format("%s at character %d", msg, tok.pos)}, 0)
  end
  error({msg = msg .. " at the end of the pattern"}, 0)
end

local function word_is(tok, w)
  return tok and tok.t == "word" and tok.v:upper() == w
end

-- The value token vt after operator op: a value ({kind, text, ...}).
local function token_value(ps, vt, op)
  local v
  if vt.t == "str" then
    v = string_value(vt.v, true)
  elseif vt.t == "re" then
    v = {kind = "regex", text = vt.v}
  elseif is_number_text(vt.v) then
    v = {kind = "num", text = vt.v, num = tonumber(vt.v)}
    if not v.num or v.num ~= v.num or v.num == math.huge or v.num == -math.huge then
      fail(ps, "number out of range", vt)
    end
  elseif vt.v == "true" or vt.v == "false" or vt.v == "null" then
    v = {kind = "kw", text = vt.v}
  else
    v = string_value(vt.v, false)
  end
  if op ~= "eq" and op ~= "ne" and v.kind ~= "num" then
    fail(ps, "'" .. OP_TEXT[op] .. "' compares numbers only", vt)
  end
  return v
end

-- SELECTOR IS NULL|TRUE|FALSE, NOT EXISTS, EXISTS: the atom, after `tok`.
local function test_atom(ps, sel, tok)
  if word_is(tok, "IS") then
    ps.pos = ps.pos + 1
    local w = peek(ps)
    for _, k in ipairs({"NULL", "TRUE", "FALSE"}) do
      if word_is(w, k) then
        ps.pos = ps.pos + 1
        return make_atom(sel.v, k:lower())
      end
    end
    fail(ps, "expected NULL, TRUE or FALSE after IS")
  end
  if word_is(tok, "NOT") then
    ps.pos = ps.pos + 1
    if not word_is(peek(ps), "EXISTS") then fail(ps, "expected EXISTS after NOT") end
    ps.pos = ps.pos + 1
    return make_atom(sel.v, "notexists")
  end
  if word_is(tok, "EXISTS") then
    ps.pos = ps.pos + 1
    return make_atom(sel.v, "exists")
  end
  fail(ps, "expected an operator (= != < <= > >=), IS or NOT EXISTS after " .. sel.v)
end

-- An unquoted value of several words, `$.errorMessage = Failed
-- authentication` as CIS AWS Foundations 4.0.0 and 5.0.0 item 4.6 print
-- it: one string token, the text from the first word to the last as
-- written.  CloudWatch Logs' "Filter pattern syntax" page says "Enclose
-- exact phrases and terms that include non-alphanumeric characters in
-- double quotation marks", and for JSON strings "Strings that contain types
-- other than alphanumeric characters and the underscore symbol must be
-- placed in double quotation marks"
-- (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html);
-- it gives no other meaning to words after a value, and CloudWatch stored
-- the pattern (PutMetricFilter refuses what it cannot parse), so the words
-- are the phrase the quotes would enclose.  Read as that exact phrase it
-- matches no more than any reading that matches the phrase at all, so a
-- coverage proved with it holds for CloudWatch too.
local function unquoted_phrase(ps, vt)
  local last = vt
  while vt.t == "word" and peek(ps) and peek(ps).t == "word" do
    last = peek(ps)
    ps.pos = ps.pos + 1
  end
  if last == vt then return vt end
  return {t = "str", v = ps.text:sub(vt.pos, last.stop), pos = vt.pos, phrase = true}
end

local function condition(ps)
  local sel = peek(ps)
  if not sel or sel.t ~= "sel" then
    fail(ps, "expected a selector ($.field) or '('")
  end
  ps.pos = ps.pos + 1
  local tok = peek(ps)
  if not (tok and tok.t == "op") then
    return {t = "atom", atom = test_atom(ps, sel, tok)}
  end
  ps.pos = ps.pos + 1
  local vt = peek(ps)
  if not vt or (vt.t ~= "str" and vt.t ~= "word" and vt.t ~= "re") then
    fail(ps, "expected a value after '" .. OP_TEXT[tok.v] .. "'")
  end
  ps.pos = ps.pos + 1
  vt = unquoted_phrase(ps, vt)
  return {t = "atom", atom = make_atom(sel.v, tok.v, token_value(ps, vt, tok.v))}
end

local or_expr

local function unary(ps, depth)
  local tok = peek(ps)
  if tok and tok.t == "(" then
    if depth >= MAX_DEPTH then fail(ps, "parentheses nested too deeply") end
    ps.pos = ps.pos + 1
    local e = or_expr(ps, depth + 1)
    local close = peek(ps)
    if not close or close.t ~= ")" then fail(ps, "expected ')'") end
    ps.pos = ps.pos + 1
    return e
  end
  return condition(ps)
end

local function and_expr(ps, depth)
  local list = {unary(ps, depth)}
  while peek(ps) and peek(ps).t == "&&" do
    ps.pos = ps.pos + 1
    list[#list + 1] = unary(ps, depth)
  end
  if #list == 1 then return list[1] end
  return {t = "and", list = list}
end

function or_expr(ps, depth)
  local list = {and_expr(ps, depth)}
  while peek(ps) and peek(ps).t == "||" do
    ps.pos = ps.pos + 1
    list[#list + 1] = and_expr(ps, depth)
  end
  if #list == 1 then return list[1] end
  return {t = "or", list = list}
end

local function parse_tokens(toks, text)
  local ps = {toks = toks, pos = 1, text = text}
  local open = peek(ps)
  if not open or open.t ~= "{" then
    fail(ps, "not a JSON filter pattern (it does not start with '{')", open)
  end
  ps.pos = ps.pos + 1
  if peek(ps) and peek(ps).t == "}" then fail(ps, "empty JSON filter pattern") end
  local tree = or_expr(ps, 0)
  local close = peek(ps)
  if not close or close.t ~= "}" then fail(ps, "expected '&&', '||' or '}'") end
  ps.pos = ps.pos + 1
  if peek(ps) then fail(ps, "text after the closing '}'") end
  return tree
end

---------------------------------------------------------------------------
-- Disjunctive normal form: a list of clauses, each a list of distinct atoms.

local function dnf(node)
  if node.t == "atom" then
    return {{node.atom}}
  end
  if node.t == "or" then
    local out = {}
    for _, child in ipairs(node.list) do
      for _, c in ipairs(dnf(child)) do
        out[#out + 1] = c
        if #out > MAX_CLAUSES then error({msg = "pattern too complex to compare"}, 0) end
      end
    end
    return out
  end
  -- and: the cross product of the children's clauses
  local acc = {{}}
  for _, child in ipairs(node.list) do
    local cs = dnf(child)
    if #acc * #cs > MAX_CLAUSES then error({msg = "pattern too complex to compare"}, 0) end
    local nxt = {}
    for _, a in ipairs(acc) do
      for _, c in ipairs(cs) do
        local merged, seen = {}, {}
        for _, x in ipairs(a) do
          if not seen[x.id] then seen[x.id] = true; merged[#merged + 1] = x end
        end
        for _, x in ipairs(c) do
          if not seen[x.id] then seen[x.id] = true; merged[#merged + 1] = x end
        end
        nxt[#nxt + 1] = merged
      end
    end
    acc = nxt
  end
  return acc
end

-- For each clause, its atoms by field (path): covers looks a filter atom's
-- provers up there instead of trying every atom of the clause; and its
-- text (render_clause), which covers lists when a filter misses it; its
-- atoms' ids (a set); and the fields of all the clauses (a set).
local function index_paths(clauses)
  local paths, texts, fields, ids = {}, {}, {}, {}
  for i, clause in ipairs(clauses) do
    texts[i] = M.render_clause(clause)
    local by_path, by_id = {}, {}
    ids[i] = by_id
    for _, a in ipairs(clause) do
      fields[a.path] = true
      by_id[a.id] = true
      local list = by_path[a.path]
      if not list then
        list = {}
        by_path[a.path] = list
      end
      list[#list + 1] = a
    end
    paths[i] = by_path
  end
  return paths, texts, fields, ids
end

-- Compiles a pattern text: {text = s, tree = ..., clauses = ..., paths = ...,
-- texts = ..., fields = ..., ids = ...} or nil, err.
function M.compile(text)
  if type(text) ~= "string" then
    return nil, "the pattern is not a string"
  end
  if #text > MAX_LENGTH then
    return nil, "the pattern is too long"
  end
  local toks, lerr = lex(text)
  if not toks then
    return nil, lerr
  end
  if #toks == 0 then
    -- The empty pattern matches every log event: one clause of no atoms.
    return {text = text, tree = {t = "all"}, clauses = {{}}, all = true}
  end
  if toks[1].t ~= "{" then
    return nil, "not a JSON filter pattern (it does not start with '{')"
  end
  local ok, res = pcall(function()
    local tree = parse_tokens(toks, text)
    local clauses = dnf(tree)
    local paths, texts, fields, ids = index_paths(clauses)
    return {text = text, tree = tree, clauses = clauses, paths = paths, texts = texts,
            fields = fields, ids = ids}
  end)
  if ok then
    return res
  end
  if type(res) == "table" and res.msg then
    return nil, res.msg
  end
  return nil, "could not read the pattern: " .. tostring(res)
end

---------------------------------------------------------------------------
-- Implication between atoms

local function starts_with(s, p)
  return #p <= #s and s:sub(1, #p) == p
end

local function ends_with(s, p)
  return #p == 0 or (#p <= #s and s:sub(#s - #p + 1) == p)
end

local function contains(s, p)
  return #p == 0 or string.find(s, p, 1, true) ~= nil
end

-- Whether string pattern v matches the literal text s.
local function matches(v, s)
  local w, c = v.wild, v.core
  if w == "any" then return true end
  if w == "lit" then return s == c end
  if w == "prefix" then return starts_with(s, c) end
  if w == "suffix" then return ends_with(s, c) end
  return contains(s, c)
end

-- Whether every text pattern q matches, pattern p matches too (p ⊇ q).
local function subsumes(p, q)
  if p.wild == "any" then return true end
  if q.wild == "lit" then return matches(p, q.core) end
  if q.wild == "any" then return false end
  if p.wild == "prefix" then return q.wild == "prefix" and starts_with(q.core, p.core) end
  if p.wild == "suffix" then return q.wild == "suffix" and ends_with(q.core, p.core) end
  if p.wild == "contains" then return contains(q.core, p.core) end
  return false -- p literal, q infinite
end

-- Whether no text matches both p and q (only the cases that are easy to prove).
local function disjoint(p, q)
  if p.wild == "lit" then return not matches(q, p.core) end
  if q.wild == "lit" then return not matches(p, q.core) end
  if p.wild == "prefix" and q.wild == "prefix" then
    return not starts_with(p.core, q.core) and not starts_with(q.core, p.core)
  end
  if p.wild == "suffix" and q.wild == "suffix" then
    return not ends_with(p.core, q.core) and not ends_with(q.core, p.core)
  end
  return false
end

-- Numbers: the interval an atom allows, {lo, lo_in, hi, hi_in}, or nil.
local function interval(a)
  local v = a.value
  if not v or v.kind ~= "num" then return nil end
  local x, inf = v.num, math.huge
  if a.op == "eq" then return {x, true, x, true} end
  if a.op == "lt" then return {-inf, false, x, false} end
  if a.op == "le" then return {-inf, false, x, true} end
  if a.op == "gt" then return {x, false, inf, false} end
  if a.op == "ge" then return {x, true, inf, false} end
  return nil
end

local function subset(i, j) -- interval i within interval j
  local lo_ok = (i[1] > j[1]) or (i[1] == j[1] and (j[2] or not i[2]))
  local hi_ok = (i[3] < j[3]) or (i[3] == j[3] and (j[4] or not i[4]))
  return lo_ok and hi_ok
end

local function in_interval(i, x)
  local lo_ok = (x > i[1]) or (x == i[1] and i[2])
  local hi_ok = (x < i[3]) or (x == i[3] and i[4])
  return lo_ok and hi_ok
end

-- Whether path p is q or one of q's parents.
local function is_prefix(p, q)
  if p == q then return true end
  if #p >= #q or q:sub(1, #p) ~= p then return false end
  local nxt = q:byte(#p + 1)
  return nxt == 46 or nxt == 91 -- . [
end

-- Atoms that prove their field holds a value: = on a string or number, a
-- numeric comparison, IS TRUE / IS FALSE.  (Not '!=': whether it matches
-- an absent field is not documented.)
local function proves_value(c)
  if c.op == "eq" then
    return c.value.kind == "str" or c.value.kind == "num" or c.value.kind == "opaque"
  end
  if c.op == "lt" or c.op == "le" or c.op == "gt" or c.op == "ge" then return true end
  return c.op == "true" or c.op == "false"
end

-- Whether reference atom c (true of an event) proves filter atom a.
local function implies(c, a)
  if c.id == a.id then return true end
  local aop = a.op
  if aop == "exists" then
    if c.op == "notexists" or c.op == "ne" then return false end
    if c.path == a.path then return proves_value(c) end
    -- Anything said of a field below a.path (but NOT EXISTS) needs a.path.
    return is_prefix(a.path, c.path)
  end
  if aop == "notexists" then
    return c.op == "notexists" and is_prefix(c.path, a.path)
  end
  if c.path ~= a.path then return false end
  local av, cv = a.value, c.value
  if not av or not cv then return false end
  if av.kind == "str" then
    if aop == "eq" then
      if av.wild == "any" and proves_value(c) and c.op ~= "true" and c.op ~= "false" then
        return true -- "= *" matches any string or number
      end
      return c.op == "eq" and cv.kind == "str" and subsumes(av, cv)
    end
    if aop == "ne" then
      if cv.kind ~= "str" then return false end
      if c.op == "ne" then return subsumes(cv, av) end
      if c.op == "eq" then return disjoint(av, cv) end
    end
    return false
  end
  if av.kind == "num" then
    local ci = interval(c)
    if not ci then return false end
    if aop == "ne" then return not in_interval(ci, av.num) end
    local ai = interval(a)
    return ai ~= nil and subset(ci, ai)
  end
  return false -- regex, opaque, keywords: only themselves
end

-- The atoms of reference clause rclause that may prove filter atom a: only
-- those on a's own field, unless a is an EXISTS or NOT EXISTS (which
-- atoms on other fields prove); by_path: rclause's atoms by field (see
-- index_paths), or nil.
local NO_ATOMS = {}

local function provers(rclause, by_path, a)
  if by_path and a.op ~= "exists" and a.op ~= "notexists" then
    return by_path[a.path] or NO_ATOMS
  end
  return rclause
end

local function proven(a, rclause, by_path)
  for _, c in ipairs(provers(rclause, by_path, a)) do
    if implies(c, a) then return true end
  end
  return false
end

-- The filter clause's atoms that the reference clause does not prove.
local function unproven(fclause, rclause, by_path)
  local out = {}
  for _, a in ipairs(fclause) do
    if not proven(a, rclause, by_path) then out[#out + 1] = a end
  end
  return out
end

-- Whether no atom of filter f can be proven by a reference whose atoms
-- are on fields (a set of paths): every filter clause has atoms, none an
-- EXISTS or NOT EXISTS (which atoms on other fields prove), none on one of
-- those fields (implies proves an atom only from one on its own field).
local function apart(f, fields)
  if not fields then return false end
  for _, fc in ipairs(f.clauses) do
    if #fc == 0 then return false end
    for _, a in ipairs(fc) do
      if a.op == "exists" or a.op == "notexists" or fields[a.path] then return false end
    end
  end
  return true
end

-- How many of them (no list made: most pairs of clauses are counted only;
-- proven and provers written out, as this runs for every pair).
-- ids: the clause's atoms by id (see index_paths), or nil: a literal
-- '= text' is proven only by the same atom.
local function count_unproven(fclause, rclause, by_path, ids)
  local n = 0
  for _, a in ipairs(fclause) do
    local op, v = a.op, a.value
    local ok = false
    if ids and op == "eq" and v and v.kind == "str" and v.wild == "lit" then
      ok = ids[a.id] == true
    else
      local atoms = rclause
      if by_path and op ~= "exists" and op ~= "notexists" then
        atoms = by_path[a.path] or NO_ATOMS
      end
      for _, c in ipairs(atoms) do
        if implies(c, a) then
          ok = true
          break
        end
      end
    end
    if not ok then n = n + 1 end
  end
  return n
end

-- Whether extra conditions of a filter clause name another value for a field
-- the reference clause fixes with '=': a different term, not a narrowing.
local function conflicts(extra, rclause)
  for _, a in ipairs(extra) do
    if a.op == "eq" then
      for _, c in ipairs(rclause) do
        if c.op == "eq" and c.path == a.path then return true end
      end
    end
  end
  return false
end

-- A reference pattern narrowed by a condition every event it describes
-- meets: '{($.eventSource = iam.amazonaws.com) && (<the pattern>)}'.  A
-- filter that adds the condition, in any parenthesisation, then covers it
-- (the CIS IAM pattern lists only IAM's events, so a filter on IAM's
-- eventSource monitors the same events).
function M.within(pattern, condition)
  local inner = pattern:match("^%s*{(.*)}%s*$")
  assert(inner, "within: not a JSON filter pattern")
  return "{(" .. condition .. ") && (" .. inner .. ")}"
end

local function compiled(x)
  if type(x) == "table" and x.clauses then return x end
  return M.compile(x)
end

-- budget (optional): {pairs = N}, shared by several calls; each call spends
-- one unit per pair of clauses it may compare, and refuses (nil, err) when
-- the budget cannot pay, so that many large filters cannot exhaust the
-- rule's instruction budget.
function M.covers(filter, reference, budget)
  local f, ferr = compiled(filter)
  if not f then return nil, "filter: " .. ferr end
  local r, rerr = compiled(reference)
  if not r then return nil, "reference: " .. rerr end
  local work = #f.clauses * #r.clauses
  if work > MAX_WORK then
    return nil, "the patterns are too complex to compare"
  end
  if budget then
    if budget.pairs < work then
      return nil, "too many or too complex metric filters to compare them all"
    end
    budget.pairs = budget.pairs - work
  end
  local info = {missing = {}, hints = {}}
  local paths, texts = r.paths, r.texts -- made by compile; a hand-made reference has none
  if texts and apart(f, r.fields) then
    -- No filter atom can be proven: every reference clause is missing, and
    -- no filter clause comes near any.
    for i = 1, #r.clauses do
      info.missing[i] = texts[i]
      info.hints[i] = false
    end
    return #info.missing == 0, info
  end
  for i, rc in ipairs(r.clauses) do
    local covered, best = false, nil
    local by_path, ids = paths and paths[i], r.ids and r.ids[i]
    for _, fc in ipairs(f.clauses) do
      local n = count_unproven(fc, rc, by_path, ids)
      if n == 0 then
        covered = true
        break
      end
      -- A near miss: some of the clause holds, the rest narrows it.
      if n < #fc and (not best or n < #best) then
        local extra = unproven(fc, rc, by_path)
        if not conflicts(extra, rc) then best = extra end
      end
    end
    if not covered then
      info.missing[#info.missing + 1] = texts and texts[i] or M.render_clause(rc)
      info.hints[#info.hints + 1] = best and M.render_clause(best) or false
    end
  end
  return #info.missing == 0, info
end

---------------------------------------------------------------------------
-- Why a pattern was not read, in the scan's language (for findings).
-- Compiled patterns and their errors are pure functions of the text, kept
-- across accounts and languages: errors stay in English, and a message
-- says them through M.say_error, which knows them by their English text.

local ERRORS_JA = {
  {"^a selector needs a property name after '%.'$", "セレクターの '.' の後にはプロパティ名が必要です"},
  {"^an array index must follow a property name$", "配列のインデックスはプロパティ名の後に書きます"},
  {"^an array index is written %[NUMBER%]$", "配列のインデックスは [数値] の形で書きます"},
  {"^a selector starts with '%$%.'$", "セレクターは '$.' で始まります"},
  {"^unterminated string$", "文字列が閉じられていません"},
  {"^unterminated regular expression$", "正規表現が閉じられていません"},
  {"^'(.)' must be doubled %('(..)'%)$", "'%1' は 2 つ重ねて書きます ('%2')"},
  {"^'==' is not an operator %(use '='%)$", "'==' は演算子ではありません ('=' を使います)"},
  {"^'!' must be followed by '='$", "'!' の後には '=' が必要です"},
  {"^unexpected character '(.-)' %(quote values that contain it%)$",
   "予期しない文字 '%1' があります (この文字を含む値は二重引用符で囲みます)"},
  {"^number out of range$", "数値が範囲外です"},
  {"^'(.-)' compares numbers only$", "'%1' で比較できるのは数値だけです"},
  {"^expected NULL, TRUE or FALSE after IS$", "IS の後には NULL、TRUE、FALSE のいずれかが必要です"},
  {"^expected EXISTS after NOT$", "NOT の後には EXISTS が必要です"},
  {"^expected an operator %(= != < <= > >=%), IS or NOT EXISTS after (.*)$",
   "%1 の後には、演算子 (= != < <= > >=)、IS、NOT EXISTS のいずれかが必要です"},
  {"^expected a selector %(%$%.field%) or '%('$", "セレクター ($.field) または '(' が必要です"},
  {"^expected a value after '(.-)'$", "'%1' の後には値が必要です"},
  {"^parentheses nested too deeply$", "括弧の入れ子が深すぎます"},
  {"^expected '%)'$", "')' が必要です"},
  {"^not a JSON filter pattern %(it does not start with '{'%)$",
   "JSON のフィルターパターンではありません ('{' で始まっていません)"},
  {"^empty JSON filter pattern$", "JSON のフィルターパターンが空です"},
  {"^expected '&&', '||' or '}'$", "'&&'、'||'、'}' のいずれかが必要です"},
  {"^text after the closing '}'$", "閉じ括弧 '}' の後に文字があります"},
  {"^pattern too complex to compare$", "パターンが複雑すぎるため比較できません"},
  {"^the patterns are too complex to compare$", "パターンが複雑すぎるため比較できません"},
  {"^the pattern is not a string$", "パターンが文字列ではありません"},
  {"^the pattern is too long$", "パターンが長すぎます"},
  {"^could not read the pattern: (.*)$", "パターンを読み取れませんでした: %1"},
}

-- text (an error of M.compile or M.covers) in the scan's language.
function M.say_error(text)
  if trailscan.lang ~= "ja" or type(text) ~= "string" then return text end
  local body, at = text:match("^(.-) at character (%d+)$")
  local where = at and (" (" .. at .. " 文字目)") or ""
  if not body then
    body = text:match("^(.-) at the end of the pattern$")
    where = body and " (パターンの末尾)" or ""
    body = body or text
  end
  for _, e in ipairs(ERRORS_JA) do
    local caps = table.pack(body:match(e[1]))
    if caps[1] ~= nil then
      return (e[2]:gsub("%%(%d)", function(i) return caps[tonumber(i)] end)) .. where
    end
  end
  return text
end

return M
