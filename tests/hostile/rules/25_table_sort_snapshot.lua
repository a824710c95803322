-- expect: blocked by the sandbox
-- table.sort writes through lua_seti.  The comparator always says "out of order"
-- so the very first step must swap (write) two elements of a >= 2 element array.
return {
  id = "H-25", name = "TableSortSnapshot", title = "Hostile: table.sort on a snapshot array", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local function find_array(t, depth)
      if depth > 12 then return nil end
      if #t >= 2 then return t end
      for _, v in pairs(t) do
        if type(v) == "table" then
          local a = find_array(v, depth + 1)
          if a then return a end
        end
      end
    end
    local arr = assert(find_array(snapshot, 0), "no array with 2+ elements in this snapshot")
    table.sort(arr, function(a, b) return true end)
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}
