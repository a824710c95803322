-- A framework's control catalogue (lib/compliance_catalogue.lua) with each
-- control's section: what `scan --compliance` reports group controls by and
-- give an overall figure for.  The sections are each framework's own
-- grouping:
--
--   CIS           its numbered sections (Logging, Monitoring, and
--                 Identity and Access Management for what Security Hub
--                 relates there)
--   Security Hub  the service a control belongs to (CloudTrail, Config...)
--   PCI DSS       the principal requirement (Requirement 10...)
--   NIST 800-53   the control family (AU Audit and Accountability...)
--   NIST 800-171  the requirement family (3.3 Audit and Accountability...)
--   ISO 27001     the Annex A theme; SOC 2 the criteria series (CC7)
--
--   local sections = require("compliance_sections")
--   sections.of(id)   catalogue.of(id), each row with `section` (an id) and
--                     `section_title`; or nil, "unknown framework ..."
--   sections.ids()    the framework ids, in order
--   sections.controls(id)  catalogue.controls(id)

local catalogue = require("compliance_catalogue")
local compliance = require("compliance")
local i18n = require("i18n")

local S = {}

S.ids = catalogue.ids
S.controls = catalogue.controls

local NIST_53 = {
  AC = "Access Control", AU = "Audit and Accountability",
  CA = "Assessment, Authorization, and Monitoring", CM = "Configuration Management",
  IR = "Incident Response", SA = "System and Services Acquisition",
  SC = "System and Communications Protection", SI = "System and Information Integrity",
}
local NIST_171 = {
  ["3.1"] = "Access Control", ["3.3"] = "Audit and Accountability",
  ["3.13"] = "System and Communications Protection",
  ["3.14"] = "System and Information Integrity",
}
local OWN = {
  ["A.8"] = "Technological controls",
  ["CC7"] = "System Operations",
}
-- The same names in Japanese: NIST's families as IPA's translations of
-- SP 800-53 and 800-171 name them, ISO/IEC 27001 as JIS Q 27001 does.
local JA = {
  ["Access Control"] = "アクセス制御", ["Audit and Accountability"] = "監査と説明責任",
  ["Assessment, Authorization, and Monitoring"] = "評価、認可、および監視",
  ["Configuration Management"] = "構成管理", ["Incident Response"] = "インシデント対応",
  ["System and Services Acquisition"] = "システムおよびサービスの取得",
  ["System and Communications Protection"] = "システムおよび通信の保護",
  ["System and Information Integrity"] = "システムおよび情報の完全性",
  ["Technological controls"] = "技術的管理策", ["System Operations"] = "システム運用",
  ["Logging"] = "ログ記録", ["Monitoring"] = "モニタリング",
  ["Identity and Access Management"] = "アイデンティティとアクセス管理",
}

-- A section's name in the scan's language (English if it has no other).
local function named(name)
  return i18n.lang() == "ja" and JA[name] or name
end

-- CIS: a version's section numbers, named by what the catalogue puts in
-- them (the first Logging and the first Monitoring recommendation).
local function cis_section(version, control)
  local number = control:match("^(%d+)%.")
  for _, item in ipairs(compliance.cis[version] or {}) do
    if item[1]:match("^(%d+)%.") == number then
      if item[2]:match("^alarm_") or item[2] == "securityhub_enabled" then
        return number, number .. " " .. named("Monitoring")
      end
      return number, number .. " " .. named("Logging")
    end
  end
  return number, number .. " " .. named("Identity and Access Management")
end

local function section_of(id, control)
  local version = id:match("^cis%-aws%-(%d+%.%d+)$")
  if version then return cis_section(version, control) end
  if id == "aws-fsbp" or id == "aws-securityhub" then
    local service = control:match("^(%w+)%.") or control
    return service, service
  end
  if id:match("^pci%-dss%-") then
    local req = control:match("^(%d+)") or control
    return req, i18n.lang() == "ja" and "要件 " .. req or "Requirement " .. req
  end
  if id == "nist-800-53-r5" then
    local family = control:match("^(%u+)%-") or control
    return family, family .. " " .. named(NIST_53[family] or "")
  end
  if id == "nist-800-171-r2" then
    local family = control:match("^(%d+%.%d+)%.") or control
    return family, family .. " " .. named(NIST_171[family] or "")
  end
  local series = control:match("^(%u+%.%d+)%.") or control:match("^(%u+%d+)%.") or control
  return series, series .. " " .. named(OWN[series] or "")
end

function S.of(id)
  local cat, err = catalogue.of(id)
  if not cat then return nil, err end
  for _, row in ipairs(cat.rows) do
    local sid, title = section_of(id, row.control)
    row.section, row.section_title = sid, (title:gsub("%s+$", ""))
  end
  return cat
end

return S
