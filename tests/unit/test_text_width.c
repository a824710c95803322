/* Display columns (issue 20): the text report pads Japanese by them, so
 * that a column after 不合格 starts where it starts after FAIL. */
#include <stdlib.h>
#include "test.h"
#include "util/text_width.h"

int main(void)
{
    ASSERT_EQ_INT(ts_text_width(""), 0);
    ASSERT_EQ_INT(ts_text_width("FAIL"), 4);
    ASSERT_EQ_INT(ts_text_width("不合格"), 6);          /* kanji: two each */
    ASSERT_EQ_INT(ts_text_width("要確認 ok"), 9);
    ASSERT_EQ_INT(ts_text_width("アカウント"), 10);      /* katakana */
    ASSERT_EQ_INT(ts_text_width("ｱｶｳﾝﾄ"), 5);            /* halfwidth katakana: one */
    ASSERT_EQ_INT(ts_text_width("（英語）、。"), 12);    /* fullwidth punctuation */
    ASSERT_EQ_INT(ts_text_width("caf\xC3\xA9"), 4);      /* é: one */
    ASSERT_EQ_INT(ts_text_width("e\xCC\x81"), 1);        /* e + combining acute */
    ASSERT_EQ_INT(ts_text_width("\xF0\x9F\x98\x80"), 2); /* an emoji */
    ASSERT_EQ_INT(ts_text_width("bad \xFF"), 5);         /* not UTF-8: one a byte */
    ASSERT_EQ_INT(ts_char_width(0x3042), 2);
    ASSERT_EQ_INT(ts_char_width(0x41), 1);
    return TEST_EXIT();
}
