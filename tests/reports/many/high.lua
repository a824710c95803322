-- Reports many results, to test the SARIF result cap (tests/reports/run.sh).
return {
  id = "many-high", name = "ManyHigh", title = "Many high-severity findings", severity = "high",
  description = "Test rule.", remediation = "None.",
  check = function(snapshot)
    for i = 1, 10000 do
      fail{resource = string.format("arn:aws:test:::high/%05d", i), message = "High finding " .. i .. "."}
    end
  end,
}
