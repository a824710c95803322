#include "report/report_words.h"

#include <string.h>

/* English, Japanese: the words of a Japanese security audit's report. */
static const char *const ja[][2] = {
    {"Account", "アカウント"},
    {"By account", "アカウント別"},
    {"By rule", "ルール別"},
    {"Collection errors", "収集エラー"},
    {"FAIL", "不合格"},
    {"Fix", "修復方法"},
    {"PASS", "合格"},
    {"REVIEW", "要確認"},
    {"RULE FAILED", "ルール実行失敗"},
    {"Rule failures", "ルールの実行失敗"},
    {"Totals", "合計"},
    {"WAIVED", "免除"},
    {"account", "アカウント"},
    {"accounts", "アカウント数"},
    {"as of", "収集日時"},
    {"error", "エラー"},
    {"failed", "不合格"},
    {"fix", "修復方法"},
    {"level", "レベル"},
    {"message", "メッセージ"},
    {"note", "注記"},
    {"passed", "合格"},
    {"region", "リージョン"},
    {"resource", "リソース"},
    {"rule", "ルール"},
    {"rule failures", "ルール実行失敗"},
    {"to review", "要確認"},
    {"verdict", "判定"},
    {"waived", "免除"},
    {"warning", "警告"},
};

const char *ts_word(enum ts_lang lang, const char *en)
{
    if (lang == TS_LANG_EN)
        return en;
    for (size_t i = 0; i < sizeof(ja) / sizeof(ja[0]); i++)
        if (!strcmp(ja[i][0], en))
            return ja[i][1];
    return en;
}

const char *ts_word_verdict(enum ts_lang lang, enum ts_verdict v)
{
    static const char *const names[] = {"不合格", "合格", "要確認"};
    return lang == TS_LANG_JA ? names[v] : ts_verdict_name(v);
}
