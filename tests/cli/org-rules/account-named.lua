-- A rule that reads the snapshot's account_name and organization (tests/cli/org.sh).
return {
    id = "test-account-named",
    name = "AccountNamed",
    title = "The account has a name",
    severity = "info",
    description = "Reads account_name and organization.id from the snapshot.",
    remediation = "None: a test rule.",
    check = function(snapshot)
        local org = snapshot.organization and snapshot.organization.id or "no organization"
        if snapshot.account_name then
            pass{resource = "AWS::::Account:" .. snapshot.account_id,
                 message = "Account " .. snapshot.account_id .. " is named " .. snapshot.account_name
                     .. " in " .. org .. "."}
        else
            review{resource = "AWS::::Account:" .. snapshot.account_id,
                   message = "Account " .. snapshot.account_id .. " has no name."}
        end
    end,
}
