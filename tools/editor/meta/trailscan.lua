---@meta
-- The rule API of trailscan (README "The rule API"), for the Lua Language
-- Server: what the sandbox gives every rule.  Installed with trailscan;
-- `trailscan rules new` points a folder's .luarc.json at it.

---A result: one per resource a rule judged.  No other field is allowed
---(a misspelt one is an error naming its line).
---@class Result
---@field resource string ARN or identifier (required; at most 2,048 bytes kept)
---@field message string first sentence names the resource and says it all (required)
---@field region string? the resource's region
---@field fix string? an AWS CLI command for this resource (left out past 4,096 bytes)
---@field node table? the snapshot table the result is about: reports point at its line
---@field evidence table? a table of another account's snapshot (trailscan.org) that settled it

---The resource is not compliant.  Without a table (only when
---trailscan.keeps_fails is false) it counts one failure.
---@param result Result?
function fail(result) end

---The resource is compliant.  Without a table (only when
---trailscan.keeps_passes is false) it counts one pass.
---@param result Result?
function pass(result) end

---Could not decide: say what was missing.  Missing data is never a pass.
---Without a table (only when trailscan.keeps_reviews is false) it counts
---one review.
---@param result Result?
function review(result) end

---A parameter a config or a fixture may set.
---@class RuleParam
---@field default string|number|boolean|table the value when nothing sets it (its type is checked)
---@field description string what it changes

---The remediation's three forms (or give one string).
---@class RuleRemediation
---@field console string? steps in the AWS console
---@field cli string? AWS CLI commands
---@field terraform string? Terraform

---What a rule file returns.  No other field is allowed.
---@class Rule
---@field id string stable, unique across folders: 1-64 letters, digits, '.', '_' or '-'
---@field name string PascalCase (SARIF's rule name)
---@field title string one line
---@field severity "critical"|"high"|"medium"|"low"|"info"
---@field description string why it matters
---@field remediation string|RuleRemediation
---@field references string[]? links
---@field compliance table<string, string[]>? framework -> control ids
---@field params table<string, RuleParam>?
---@field texts table<"ja", RuleTexts>? the texts in another language (all of them)
---@field messages table<"en"|"ja", table<string, string>>? findings' messages with {placeholders}
---@field check fun(snapshot: Snapshot, params: table)

---A rule's texts in another language; remediation's cli and terraform
---may be left out when the English ones serve (code without comments).
---@class RuleTexts
---@field title string
---@field description string
---@field remediation string|RuleRemediation

---@class TrailscanOrg
trailscan_org = {}

---The snapshot of account id (read-only) and its file; or nil and why.
---@param id string
---@return Snapshot|nil snapshot
---@return string file_or_why
function trailscan_org.snapshot(id) end

---The account whose ListBuckets lists the bucket, or nil.
---@param name string
---@return string|nil account
function trailscan_org.bucket_owner(name) end

---File and line of a table of another account's snapshot, or nil.
---@param t table
---@return string|nil file
---@return integer? line
function trailscan_org.where(t) end

---@class Trailscan
---@field version string trailscan's version
---@field keeps_passes boolean true when a report shows passing results
---@field keeps_fails boolean false when failures are only counted (an organisation's summary)
---@field keeps_reviews boolean false when reviews are only counted (an organisation's summary)
---@field lang "en"|"ja" the language of the scan's reports (messages: rules/lib/i18n.lua)
---@field null userdata JSON null inside arrays
---@field org TrailscanOrg the organisation view
trailscan = {}

---For a list read from the snapshot, one new table per member name: its
---[i] is list[i][name] when that is a string, number or boolean, else nil.
---@param list table a list from the snapshot
---@param ... string one to 8 member names
---@return table ...
function trailscan.columns(list, ...) end

---Epoch seconds from a number or an ISO 8601 string; nil and a reason
---for anything else.  "Now" is the snapshot's collected_at.
---@param v any
---@return number|nil seconds
---@return string? why
function trailscan.timestamp(v) end
