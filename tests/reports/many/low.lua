-- Reports many results, to test the SARIF result cap (tests/reports/run.sh).
return {
  id = "many-low", name = "ManyLow", title = "Many low-severity findings", severity = "low",
  description = "Test rule.", remediation = "None.",
  check = function(snapshot)
    for i = 1, 20000 do
      fail{resource = string.format("arn:aws:test:::low/%05d", i), message = "Low finding " .. i .. "."}
    end
  end,
}
