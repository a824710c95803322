/* Text shown on a terminal: control characters, C1 controls, line
 * separators, bidirectional overrides and bytes that are not UTF-8 are
 * written as escapes; everything else is left as it is. */
#include <stdlib.h>
#include "test.h"
#include "util/text.h"

static void visible(const char *in, const char *want)
{
    char *got = ts_text_visible(in);

    if (strcmp(got, want)) {
        fprintf(stderr, "  ts_text_visible: got \"%s\", wanted \"%s\"\n", got, want);
        test_failures++;
    }
    ASSERT(ts_text_is_plain(in) == !strcmp(in, want));
    free(got);
}

static void escapes(void)
{
    visible("plain arn:aws:s3:::b \\n 'q' \"x\" caf\xC3\xA9 \xF0\x9F\x98\x80",
            "plain arn:aws:s3:::b \\n 'q' \"x\" caf\xC3\xA9 \xF0\x9F\x98\x80");
    visible("a\nb\rc\td", "a\\nb\\rc\\td");
    visible("\x1b[2J\x1b]0;t\x07 \x7f \x01", "\\x1b[2J\\x1b]0;t\\x07 \\x7f \\x01");
    visible("csi \xC2\x9B" "31m nel \xC2\x85", "csi \\u009b31m nel \\u0085");
    visible("ls \xE2\x80\xA8 ps \xE2\x80\xA9 rlo \xE2\x80\xAE lri \xE2\x81\xA7",
            "ls \\u2028 ps \\u2029 rlo \\u202e lri \\u2067");
    visible("bad \xFF \xC3 end \xED\xA0\x80", "bad \\xff \\xc3 end \\xed\\xa0\\x80");
    visible("", "");
}

static void keeps_lines_when_asked(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    ASSERT(f != NULL);
    if (!f)
        return;
    ts_text_put_lines(f, "one\n\ttwo\x1b[0m\r");
    ts_text_put(f, NULL);
    fclose(f);
    ASSERT(buf && !strcmp(buf, "one\n\ttwo\\x1b[0m\\r"));
    free(buf);
}

/* One line (a rule's print, a failure's message): such characters become
 * spaces; other text stays. */
static void clean_line(void)
{
    const char *in = "a\nb\x1b[0m \xC2\x9B" "c \xE2\x80\xAE" "d \xC3\xA9 \xFF";
    char *out = ts_clean_line(in, strlen(in));

    ASSERT(!strcmp(out, "a b [0m  c  d \xC3\xA9 ?"));
    free(out);
}

int main(void)
{
    RUN(escapes);
    RUN(keeps_lines_when_asked);
    RUN(clean_line);
    return TEST_EXIT();
}
