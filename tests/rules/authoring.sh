#!/usr/bin/env bash
# Rule authoring (issue 19): rules new, --help on every subcommand, and the
# mistakes an author makes, each caught at its file:line:col.
# usage: authoring.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

# --help on every rules subcommand documents it and exits 0.
for sub in list show test new; do
    check "rules $sub --help" 0 "usage: trailscan rules $sub" -- "$T" rules "$sub" --help
done

# rules new: a rule and fixture that pass out of the box, editor settings.
mkdir acme
check "rules new writes a rule" 0 "wrote acme/acme_bucket_prefix.lua" \
    -- "$T" rules new acme-bucket-prefix --dir acme
holds "rules new writes the fixture and the editor's settings" \
    test -s acme/acme_bucket_prefix.test.json -a -s acme/.luarc.json -a -s acme/.luacheckrc
check "the new rule's fixture passes" 0 "^2 passed, 0 failed" -- "$T" rules test acme
check "the new rule loads with every metadata field" 0 "References:" \
    -- "$T" rules show acme-bucket-prefix --rules acme
check "rules new never overwrites a rule" 2 "acme_bucket_prefix.lua: already exists" \
    -- "$T" rules new acme-bucket-prefix --dir acme
check "rules new refuses a bad id" 2 "rule id 'a b' must be" -- "$T" rules new "a b" --dir acme
check "rules new needs an existing folder" 2 "nowhere: not a folder" \
    -- "$T" rules new x --dir nowhere
echo '{"keep": 1}' > acme/.luarc.json
check "rules new keeps the folder's own settings" 0 "wrote acme/second.lua" \
    -- "$T" rules new second --dir acme
holds "the folder's .luarc.json is untouched" grep -q '"keep": 1' acme/.luarc.json
check "two new rules both pass" 0 "^4 passed, 0 failed" -- "$T" rules test acme

finish
