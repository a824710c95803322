#include "util/lang.h"

#include <stdlib.h>
#include <string.h>

int ts_lang_parse(const char *name)
{
    if (!strcmp(name, "en"))
        return TS_LANG_EN;
    if (!strcmp(name, "ja"))
        return TS_LANG_JA;
    return -1;
}

const char *ts_lang_name(enum ts_lang lang)
{
    return lang == TS_LANG_JA ? "ja" : "en";
}

/* Whether a POSIX locale name (language[_territory][.codeset][@modifier])
 * names Japanese. */
static int locale_is_ja(const char *v)
{
    return !strncmp(v, "ja", 2) && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@');
}

int ts_lang_default(const char **bad)
{
    static const char *const locale_vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *v = getenv("TRAILSCAN_LANG");

    *bad = NULL;
    if (v && *v) {
        int l = ts_lang_parse(v);
        if (l < 0)
            *bad = "TRAILSCAN_LANG";
        return l;
    }
    /* As setlocale() reads them: the first one set decides. */
    for (size_t i = 0; i < sizeof(locale_vars) / sizeof(locale_vars[0]); i++) {
        v = getenv(locale_vars[i]);
        if (v && *v)
            return locale_is_ja(v) ? TS_LANG_JA : TS_LANG_EN;
    }
    return TS_LANG_EN;
}
