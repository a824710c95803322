-- A rule that fails at run time (tests/cli/org.sh: the failure names the account).
return {
    id = "test-fails",
    name = "Fails",
    title = "Fails on every account",
    severity = "info",
    description = "Raises an error, to show how a rule failure names the account.",
    remediation = "None: a test rule.",
    check = function()
        error("on purpose")
    end,
}
