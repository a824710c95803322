-- expect: script error
-- Looks for an address (or a hash seed) in everything that could show one:
-- tostring of a table, a function and a C function, print's own conversion
-- through string.format's %s, %p, and an error object.  Seeing one, it
-- reports it as an escape; the sandbox shows "table: N" instead, so it ends
-- with an error of its own.
local function address_in(s)
  return type(s) == "string" and s:find("0x%x%x%x%x") ~= nil
end

return {
  id = "H-80", name = "AddressLeak", title = "Hostile: reads addresses", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local t = {}
    local _, err = pcall(error, t)
    local seen = {tostring(t), tostring(function() end), tostring(print),
                  string.format("%s", t), string.format("%p", t), string.format("%p", "text"),
                  tostring(err), tostring(snapshot)}
    for _, s in ipairs(seen) do
      if address_in(s) then
        fail{resource = "escaped", message = "ESCAPED: an address: " .. s}
        return
      end
    end
    error("no address to be seen")
  end,
}
