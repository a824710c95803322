local naming = {}

function naming.sentence(trail, what)
  return string.format("Trail '%s' %s.", trail, what)
end

return naming
