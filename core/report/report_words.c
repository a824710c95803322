#include "report/report_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* English, Japanese: the words of a Japanese security audit's report.
 * Sorted by English (strcmp order): looked up by bsearch, since labels
 * are looked up once per finding. */
static const char *const ja[][2] = {
    {" (did not run)", " (未実行)"},
    {"(unknown)", "(不明)"},
    {"(while loading)", "(読み込み時)"},
    {", worse", "、悪化"},
    {"Absent: in the baseline, not found now", "解消: ベースラインにあり、今回は検出されなかったもの"},
    {"Account", "アカウント"},
    {"Accounts", "アカウント"},
    {"Accounts not judged", "判定されなかったアカウント"},
    {"Accounts, worst first", "アカウント (深刻な順)"},
    {"Against the baseline", "ベースラインとの比較"},
    {"By account", "アカウント別"},
    {"By rule", "ルール別"},
    {"Collection errors", "収集エラー"},
    {"Command", "コマンド"},
    {"Console", "コンソール"},
    {"Controls", "コントロール"},
    {"Controls by accounts failed (error colour) and to review, worst first", "不合格 (エラー色) と要確認のアカウント数によるコントロール (深刻な順)"},
    {"English only", "英語のみ"},
    {"Evidence", "根拠"},
    {"Exit status", "終了ステータス"},
    {"FAIL", "不合格"},
    {"Failed: error", "不合格: エラー"},
    {"Failed: note", "不合格: 注記"},
    {"Failed: warning", "不合格: 警告"},
    {"Failures and reviews by account (worst first)", "アカウント別の不合格と要確認 (深刻な順)"},
    {"Failures and reviews by rule (worst first)", "ルール別の不合格と要確認 (深刻な順)"},
    {"Fix", "修復方法"},
    {"Inputs left out", "除外された入力"},
    {"No account has anything to report.", "報告すべき検出事項のあるアカウントはありません。"},
    {"No rule found anything to report.", "報告すべき検出事項のあるルールはありません。"},
    {"Nothing to report.", "報告すべき検出事項はありません。"},
    {"Overview", "概要"},
    {"PASS", "合格"},
    {"Passed", "合格"},
    {"REVIEW", "要確認"},
    {"RULE FAILED", "ルール実行失敗"},
    {"RULE FAILED TO LOAD", "ルール読み込み失敗"},
    {"References", "参考資料"},
    {"Remediation", "修復方法"},
    {"Results by level", "レベル別の結果"},
    {"Rule failures", "ルールの実行失敗"},
    {"Rules", "ルール"},
    {"Rules and their remediation", "ルールと修復方法"},
    {"Rules, worst first", "ルール (深刻な順)"},
    {"The snapshot could not be read back here.", "スナップショットをここで読み直せませんでした。"},
    {"To review", "要確認"},
    {"Totals", "合計"},
    {"WAIVED", "免除"},
    {"Waived", "免除"},
    {"Waivers to review", "見直しが必要な免除"},
    {"absent", "解消"},
    {"account", "アカウント"},
    {"accounts", "アカウント数"},
    {"all accounts", "全アカウント"},
    {"all controls", "全コントロール"},
    {"applied", "適用"},
    {"as of", "収集日時"},
    {"cause", "原因"},
    {"collected at", "収集日時"},
    {"controls", "コントロール"},
    {"critical", "重大"},
    {"error", "エラー"},
    {"expired", "期限切れ"},
    {"failed", "不合格"},
    {"fix", "修復方法"},
    {"high", "高"},
    {"level", "レベル"},
    {"low", "低"},
    {"manifest", "マニフェスト"},
    {"manifest-missing", "マニフェストなし"},
    {"manual", "手動確認"},
    {"medium", "中"},
    {"message", "メッセージ"},
    {"missing", "欠落"},
    {"name", "名前"},
    {"new", "新規"},
    {"no rule judges it", "判定するルールがありません"},
    {"none", "なし"},
    {"not assessed", "未評価"},
    {"not evaluated", "未評価"},
    {"note", "注記"},
    {"partition", "パーティション"},
    {"pass", "合格"},
    {"passed", "合格"},
    {"passed / assessed", "合格 / 評価済み"},
    {"reason", "理由"},
    {"region", "リージョン"},
    {"resource", "リソース"},
    {"review", "要確認"},
    {"rule", "ルール"},
    {"rule failures", "ルール実行失敗"},
    {"rule file", "ルールファイル"},
    {"section", "セクション"},
    {"severity", "重大度"},
    {"share-missing", "共有なし"},
    {"shown above", "上に表示"},
    {"skipped", "スキップ"},
    {"snapshot", "スナップショット"},
    {"stale", "該当なし"},
    {"state", "状態"},
    {"to review", "要確認"},
    {"unchanged", "変化なし"},
    {"unknown", "不明"},
    {"updated", "変化あり"},
    {"verdict", "判定"},
    {"waived", "免除"},
    {"warning", "警告"},
};

static int cmp_word(const void *key, const void *entry)
{
    return strcmp(key, ((const char *const *)entry)[0]);
}

const char *ts_word(enum ts_lang lang, const char *en)
{
    const char *const *hit;

    if (lang == TS_LANG_EN)
        return en;
    hit = bsearch(en, ja, sizeof(ja) / sizeof(ja[0]), sizeof(ja[0]), cmp_word);
    return hit ? hit[1] : en;
}

const char *ts_word_verdict(enum ts_lang lang, enum ts_verdict v)
{
    static const char *const names[] = {"不合格", "合格", "要確認"};
    return lang == TS_LANG_JA ? names[v] : ts_verdict_name(v);
}

/* Digits at s, exactly n of them, as a number; -1 if not. */
static int digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

const char *ts_word_date(enum ts_lang lang, const char *at, int time, char *buf, size_t n)
{
    int y, mo, d;

    if (!at || lang == TS_LANG_EN)
        return at;
    /* each test reads only what the ones before it found there */
    y = digits(at, 4);
    mo = y >= 0 && at[4] == '-' ? digits(at + 5, 2) : -1;
    d = mo > 0 && at[7] == '-' ? digits(at + 8, 2) : -1;
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || (at[10] && at[10] != 'T'))
        return at;
    /* the time of day only in UTC: another offset would need its own words */
    if (time && at[10] == 'T' && digits(at + 11, 2) >= 0 && at[13] == ':'
        && digits(at + 14, 2) >= 0 && at[strlen(at) - 1] == 'Z')
        snprintf(buf, n, "%d年%d月%d日 %.5s UTC", y, mo, d, at + 11);
    else
        snprintf(buf, n, "%d年%d月%d日", y, mo, d);
    return buf;
}
