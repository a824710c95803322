-- Not hostile: a rule that reports nothing at all.  Run alone (run.sh, case
-- extra_quiet_rule) it must give exit status 0 and no sanitizer report.
return {
  id = "H-Q1", name = "QuietRule", title = "A rule that reports nothing", severity = "low",
  description = "Checks nothing and reports nothing (tests/hostile).",
  remediation = "Nothing to do: test fixture.",
  check = function(snapshot, params) end,
}
