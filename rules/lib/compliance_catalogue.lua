-- The control catalogue of each framework: every control of its logging
-- and monitoring scope, with the built-in rules that judge it, or why none
-- does ("not assessed (no rule yet: see issue 17)", "manual: ...", "out of
-- scope: ...").  Built from lib/compliance.lua alone, so a catalogue and the
-- rules' own compliance fields cannot disagree.  `trailscan rules list
-- --framework ID` prints it; reports can say "not assessed" honestly.
--
--   local catalogue = require("compliance_catalogue")
--   catalogue.ids()          the framework ids, in order
--   catalogue.of(id)         {id, title, scope, source, notes = {...},
--                             rows = {{control, title, rules = {...}, status}}}
--                            or nil, "unknown framework 'x' (known: a, b, ...)"
--   catalogue.controls(id)   the control ids of id's catalogue, in its order,
--                            or nil for a framework it does not know (a
--                            rule's own framework): what a rule's compliance
--                            field may name for a known framework
--
-- A row with rules is judged by them (status then says what they leave out,
-- if anything); a row without rules has a status saying why.
--
-- Statuses, scopes and notes are in the scan's language (trailscan.lang).
-- Reports tell a manual control by its status's first word: "manual" in
-- English, 手動確認 in Japanese (report_compliance.c).

local compliance = require("compliance")
local i18n = require("i18n")

local C = {}

local say = i18n.catalogue{
  en = {
    no_rule = "not assessed (no rule yet: see issue 17)",
    open_no_rule = "{controls} not assessed (no rule yet: see issue 17)",
    iam_title = "{title} (IAM section; Security Hub relates {control} to it)",
    -- CIS items of the IAM sections Security Hub relates to a logging
    -- control (root usage): whether root is used is not something an alarm
    -- shows.
    root_manual = "manual: an IAM-section control outside Logging and Monitoring; an"
      .. " alarm on root usage does not show that root is not used (check the credential"
      .. " report's root row and who holds its credentials)",
    manual_process = "manual: a process of people, not a setting a snapshot shows",
    clock = "out of scope: AWS stamps CloudTrail events with its own synchronised time",
    drift = "out of scope: vulnerability and configuration-drift detection is not a logging"
      .. " setting",
    scope_cis = "the Logging and Monitoring sections",
    scope_fsbp = "its logging controls: CloudTrail.1, .2, .4 and .5, Config.1, EC2.6 and S3.9",
    scope_sh = "its CloudTrail, CloudWatch, KMS.4 and S3 data-event controls outside FSBP",
    scope_related = "the requirements Security Hub relates to its logging and monitoring"
      .. " controls",
    scope_iso = "the logging and monitoring controls of Annex A 8",
    scope_soc2 = "CC7 System Operations",
  },
  ja = {
    no_rule = "未評価 (判定するルールはまだありません: issue 17 を参照)",
    open_no_rule = "{controls} は未評価 (判定するルールはまだありません: issue 17 を参照)",
    iam_title = "{title} (IAM のセクション、Security Hub が {control} を関連付けています)",
    root_manual = "手動確認: ログ記録とモニタリングの外にある IAM のセクションのコントロールです。"
      .. "ルートユーザーの使用に対するアラームでは、"
      .. "ルートユーザーが使われていないことは示せません (認証情報レポートの <root_account> の行と、"
      .. "その認証情報を持つ人を確認してください)",
    manual_process = "手動確認: 人が行うプロセスであり、スナップショットで確認できる設定ではありません",
    clock = "対象外: AWS は CloudTrail のイベントに AWS 自身の同期された時刻を記録します",
    drift = "対象外: 脆弱性と設定のドリフトの検出はログ記録の設定ではありません",
    scope_cis = "ログ記録とモニタリングのセクション",
    scope_fsbp = "ログ記録のコントロール: CloudTrail.1、CloudTrail.2、CloudTrail.4、CloudTrail.5、"
      .. "Config.1、EC2.6、S3.9",
    scope_sh = "うち CloudTrail、CloudWatch、KMS.4、S3 データイベントのコントロール",
    scope_related = "Security Hub がログ記録とモニタリングのコントロールに関連付けている要件",
    scope_iso = "A.8 のログ記録とモニタリングの管理策",
    scope_soc2 = "CC7 システム運用 (System Operations)",
  },
}

-- A text of compliance.lua in the scan's language: its field_ja, else field.
local function own_text(t, field)
  return i18n.lang() == "ja" and t[field .. "_ja"] or t[field]
end

local function framework(id)
  for _, f in ipairs(compliance.frameworks) do
    if f.id == id then return f end
  end
  return nil
end

function C.ids()
  local out = {}
  for _, f in ipairs(compliance.frameworks) do out[#out + 1] = f.id end
  return out
end

local function copy(list)
  local out = {}
  for i, v in ipairs(list or {}) do out[i] = v end
  return out
end

local function control(id)
  for _, c in ipairs(compliance.security_hub) do
    if c.id == id then return c end
  end
  return nil
end

local function sh_row(c)
  return {control = c.id, title = c.title, rules = copy(c.rules), status = own_text(c, "status")}
end

local function cis_rows(version, f)
  local rows = {}
  for _, item in ipairs(compliance.cis[version]) do
    local concept = compliance.concepts[item[2]]
    local sh = concept.sh and control(concept.sh)
    rows[#rows + 1] = {control = item[1], title = concept.title,
                       rules = copy(compliance.concept_rules(concept)),
                       status = own_text(concept, "status") or (sh and own_text(sh, "status"))}
  end
  for _, c in ipairs(compliance.security_hub) do
    for _, also in ipairs(c.cis_also or {}) do
      if also[1] == f.id then
        rows[#rows + 1] = {control = also[2], title = say("iam_title", {title = also[3],
                             control = c.id}), rules = {}, status = say("root_manual")}
      end
    end
  end
  return rows
end

local function standard_rows(standard)
  local rows = {}
  for _, c in ipairs(compliance.security_hub) do
    if c.standard == standard then rows[#rows + 1] = sh_row(c) end
  end
  return rows
end

-- "10.3.6" before "10.10": numbers compared part by part.
local function parts(id)
  local out = {}
  for n in id:gmatch("%d+") do out[#out + 1] = tonumber(n) end
  return out
end

local function before(a, b)
  local pa, pb = parts(a), parts(b)
  local fa, fb = a:match("^%a*"), b:match("^%a*")
  if fa ~= fb then return fa < fb end
  for i = 1, math.max(#pa, #pb) do
    local x, y = pa[i] or -1, pb[i] or -1
    if x ~= y then return x < y end
  end
  return a < b
end

-- PCI DSS and NIST: every requirement a logging or monitoring control of
-- Security Hub relates to, judged by the rules of those controls.
local function requirement_rows(id)
  local by_req, reqs = {}, {}
  for _, c in ipairs(compliance.security_hub) do
    for _, r in ipairs(c[id] or {}) do
      if not by_req[r] then
        by_req[r] = {}
        reqs[#reqs + 1] = r
      end
      table.insert(by_req[r], c)
    end
  end
  table.sort(reqs, before)
  local rows = {}
  for _, r in ipairs(reqs) do
    local rules, via, open = {}, {}, {}
    for _, c in ipairs(by_req[r]) do
      via[#via + 1] = c.id
      for _, rule in ipairs(c.rules or {}) do rules[#rules + 1] = rule end
      if not c.rules then open[#open + 1] = c.id end
    end
    local status
    if #open > 0 and #rules > 0 then
      status = say("open_no_rule", {controls = table.concat(open, i18n.lang() == "ja" and "、"
                                                                  or ", ")})
    elseif #open > 0 then
      status = say("no_rule")
    end
    rows[#rows + 1] = {control = r, title = "Security Hub " .. table.concat(via, ", "),
                       rules = rules, status = status}
  end
  return rows
end

-- ISO 27001 and SOC 2: the rules trailscan itself maps (compliance.judgment).
local function judged_by(key, control_id)
  local rules = {}
  for rule, j in pairs(compliance.judgment) do
    for _, c in ipairs(j[key] or {}) do
      if c == control_id then rules[#rules + 1] = rule end
    end
  end
  table.sort(rules)
  return rules
end

-- Each row: control, title, and the key of its status (say) if no rule can
-- judge it.
local OWN = {
  ["iso-27001-2022"] = {key = "iso", rows = {
    -- title_ja: the control's name in JIS Q 27001:2023.
    {"A.8.15", "Logging", title_ja = "ログ取得"},
    {"A.8.16", "Monitoring activities", title_ja = "監視活動"},
    {"A.8.17", "Clock synchronization", "clock", title_ja = "クロックの同期"},
  }},
  ["soc2"] = {key = "soc2", rows = {
    {"CC7.1", "Detection and monitoring procedures for configuration changes and vulnerabilities",
     "drift"},
    {"CC7.2", "Monitors system components for anomalies"},
    {"CC7.3", "Evaluates security events", "manual_process"},
    {"CC7.4", "Responds to identified security incidents", "manual_process"},
    {"CC7.5", "Recovers from identified security incidents", "manual_process"},
  }},
}

local function own_rows(id)
  local spec, rows = OWN[id], {}
  for _, r in ipairs(spec.rows) do
    local rules = judged_by(spec.key, r[1])
    rows[#rows + 1] = {control = r[1], title = own_text(r, "title") or r[2], rules = rules,
                       status = r[3] and say(r[3]) or (#rules == 0 and say("no_rule") or nil)}
  end
  return rows
end

-- The key of each framework's scope (say).
local SCOPE = {
  ["aws-fsbp"] = "scope_fsbp",
  ["aws-securityhub"] = "scope_sh",
  ["pci-dss-3.2.1"] = "scope_related",
  ["iso-27001-2022"] = "scope_iso",
  ["soc2"] = "scope_soc2",
}
SCOPE["pci-dss-4.0.1"] = SCOPE["pci-dss-3.2.1"]
SCOPE["nist-800-53-r5"] = SCOPE["pci-dss-3.2.1"]
SCOPE["nist-800-171-r2"] = SCOPE["pci-dss-3.2.1"]

function C.of(id)
  local f = framework(id)
  if not f then
    return nil, string.format("unknown framework '%s' (known: %s)", tostring(id),
                              table.concat(C.ids(), ", "))
  end
  local version = id:match("^cis%-aws%-(%d+%.%d+)$")
  local rows
  if version then
    rows = cis_rows(version, f)
  elseif id == "aws-fsbp" or id == "aws-securityhub" then
    rows = standard_rows(id)
  elseif OWN[id] then
    rows = own_rows(id)
  else
    rows = requirement_rows(id)
  end
  local scope = version and "scope_cis" or SCOPE[id]
  return {id = f.id, title = own_text(f, "title"), source = own_text(f, "source"),
          notes = copy(own_text(f, "notes")),
          scope = scope and say(scope), rows = rows}
end

function C.controls(id)
  local cat = C.of(id)
  if not cat then return nil end
  local out = {}
  for i, row in ipairs(cat.rows) do out[i] = row.control end
  return out
end

return C
