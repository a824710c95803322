/* A rule's texts in other languages than English (README, "Rule texts in
 * two languages"): its `texts` (title, description, remediation per
 * language) and its `messages` catalogue (finding messages with named
 * {placeholders}, per language).  Checked at load; the chosen language's
 * texts replace the English ones a rule table gives. */
#ifndef TS_RULE_TEXTS_H
#define TS_RULE_TEXTS_H

#include <lua.h>
#include "engine/result.h"
#include "util/error.h"
#include "util/lang.h"

/* Checks the texts and messages of the rule table at idx (read by
 * ts_rule_meta_read into r): every language's messages have the English
 * keys with the same placeholders; a language's texts, once given, are
 * complete and come with its messages.  When lang has texts, they replace
 * r's; r->texts_lang says which language r's texts are in.  Each problem
 * names file and field; returns -1 if any. */
int ts_rule_texts_read(lua_State *L, int idx, const char *file, enum ts_lang lang,
                       struct ts_rule *r, struct ts_problems *problems);

#endif
