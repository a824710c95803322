#include "report/report_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/report.h"
#include "triage/baseline.h"

/* English, Japanese: the words of a Japanese security audit's report,
 * indexed by key. */
static const char *const words[TS_NWORDS][2] = {
#define TS_WORD_ENTRY(key, en, ja) [TS_W_##key] = {en, ja},
    TS_WORDS(TS_WORD_ENTRY)
#undef TS_WORD_ENTRY
};

const char *ts_word(enum ts_lang lang, enum ts_word_key w)
{
    return words[w][lang == TS_LANG_JA];
}

/* For each name function below: English is the name itself (the bytes of
 * data and of English reports), Japanese the word of its key. */
const char *ts_word_severity(enum ts_lang lang, enum ts_severity s)
{
    static const enum ts_word_key key[] = {TS_W_INFO, TS_W_LOW, TS_W_MEDIUM, TS_W_HIGH,
                                           TS_W_CRITICAL};
    return lang == TS_LANG_JA ? ts_word(lang, key[s]) : ts_severity_name(s);
}

const char *ts_word_level(enum ts_lang lang, enum ts_level l)
{
    static const enum ts_word_key key[] = {TS_W_NONE, TS_W_NOTE, TS_W_WARNING, TS_W_ERROR};
    return lang == TS_LANG_JA ? ts_word(lang, key[l]) : ts_level_name(l);
}

const char *ts_word_baseline(enum ts_lang lang, int state)
{
    static const enum ts_word_key key[] = {TS_W_NEW, TS_W_UNCHANGED, TS_W_UPDATED, TS_W_ABSENT};
    if (lang != TS_LANG_JA || state < TS_BASELINE_NEW || state > TS_BASELINE_ABSENT)
        return ts_baseline_state_name(state);
    return ts_word(lang, key[state - TS_BASELINE_NEW]);
}

const char *ts_word_control(enum ts_lang lang, enum ts_control_status s)
{
    static const enum ts_word_key key[TS_CONTROL_NSTATUS] = {
        TS_W_FAILED, TS_W_TO_REVIEW, TS_W_NOT_ASSESSED, TS_W_WAIVED, TS_W_PASSED, TS_W_MANUAL};
    if (lang != TS_LANG_JA || s >= TS_CONTROL_NSTATUS)
        return ts_control_status_name(s);
    return ts_word(lang, key[s]);
}

const char *ts_word_waiver_state(enum ts_lang lang, enum ts_waiver_state s)
{
    static const enum ts_word_key key[] = {TS_W_APPLIED, TS_W_NOT_EVALUATED, TS_W_EXPIRED,
                                           TS_W_STALE};
    return lang == TS_LANG_JA ? ts_word(lang, key[s]) : ts_waiver_state_name(s);
}

const char *ts_word_org_state(enum ts_lang lang, const struct ts_org_account *a)
{
    enum ts_word_key key;

    if (lang != TS_LANG_JA)
        return ts_org_account_state(a);
    /* Their own words: not the verdicts' (不合格 is a failed check). */
    switch (a->status) {
    case TS_ORG_FAILED: key = TS_W_ORG_FAILED; break;
    case TS_ORG_SKIPPED: key = TS_W_SKIPPED; break;
    case TS_ORG_NO_SHARE: key = TS_W_ORG_SHARE_MISSING; break;
    case TS_ORG_NO_MANIFEST: key = TS_W_MANIFEST_MISSING; break;
    default: key = TS_W_ORG_MISSING; break;
    }
    return ts_word(lang, key);
}

const char *ts_word_verdict(enum ts_lang lang, enum ts_verdict v)
{
    static const char *const names[] = {"不合格", "合格", "要確認"};
    return lang == TS_LANG_JA ? names[v] : ts_verdict_name(v);
}

const char *ts_word_cause(enum ts_lang lang, enum ts_cause c)
{
    static const enum ts_word_key key[] = {TS_W_CAUSE_NONE, TS_W_CAUSE_ERROR, TS_W_CAUSE_MEMORY,
                                           TS_W_CAUSE_INSTRUCTIONS, TS_W_CAUSE_BLOCKED,
                                           TS_W_CAUSE_STACK, TS_W_CAUSE_TIME};
    if (lang != TS_LANG_JA || (unsigned)c >= sizeof(key) / sizeof(key[0]))
        return ts_cause_name(c);
    return ts_word(lang, key[c]);
}

const char *ts_word_waiver(enum ts_lang lang, const struct ts_waiver *w, int with_expiry,
                           char *out, size_t cap)
{
    char date[TS_WORD_DATE_MAX];
    int ja = lang == TS_LANG_JA;
    const char *sep = ja ? "、" : ", ";

    snprintf(out, cap, "%s%s%s%s%s%s%s%s", w->owner ? (ja ? "担当者 " : "owner ") : "",
             w->owner ? w->owner : "", w->owner && w->ticket ? sep : "",
             w->ticket ? (ja ? "チケット " : "ticket ") : "", w->ticket ? w->ticket : "",
             with_expiry ? sep : "", with_expiry ? (ja ? "有効期限 " : "expires ") : "",
             with_expiry ? ts_word_date(lang, w->expires, 0, date, sizeof(date)) : "");
    return out;
}

/* A skip's reason as collect --org writes it: its own words for the ones
 * it makes up, else an account state (SUSPENDED) or what the manifest
 * says, as written. */
static const char *skip_reason_ja(const char *reason)
{
    if (!strcmp(reason, "not in --accounts"))
        return "--accounts に含まれていません";
    if (!strcmp(reason, "excluded by --exclude-accounts"))
        return "--exclude-accounts で除外されています";
    return reason;
}

const char *ts_word_org_reason(enum ts_lang lang, const struct ts_org_account *a, char *buf,
                               size_t n)
{
    if (lang != TS_LANG_JA)
        return ts_org_account_reason(a, buf, n);
    if (a->status == TS_ORG_FAILED)
        snprintf(buf, n, "収集に失敗しました: %.200s%s%.600s", a->code, a->message ? ": " : "",
                 a->message ? a->message : "");
    else if (a->status == TS_ORG_SKIPPED)
        snprintf(buf, n, "収集していません: %.600s", skip_reason_ja(a->reason));
    else if (a->status == TS_ORG_NO_SHARE)
        snprintf(buf, n, "このスキャンに含まれていないため、そのアカウントは判定されていません"
                 " (全 %u シャードのフォルダーをまとめてスキャンしてください)", a->shares);
    else if (a->status == TS_ORG_NO_MANIFEST)
        snprintf(buf, n, "%.300s%s がないため、組織のアカウント一覧がわからず、"
                 "収集に失敗したアカウントを特定できません (collect --org が中断されたのかも"
                 "しれません: --skip-existing を付けて再実行してください)", a->own[4],
                 TS_ORG_MANIFEST_NAME);
    else
        snprintf(buf, n, "収集済みですが、スナップショット %.300s がありません", a->path);
    return buf;
}

const char *ts_word_org_label(enum ts_lang lang, const struct ts_org_account *a, char *buf,
                              size_t n)
{
    if (a->id || lang != TS_LANG_JA)
        return ts_report_account_label(a->id, a->name, buf, n);
    if (a->status == TS_ORG_NO_SHARE)
        snprintf(buf, n, "組織 %.100s のシャード %u/%u", a->own[3], a->share, a->shares);
    else
        snprintf(buf, n, "%.200s にある組織 %.100s", a->own[4], a->own[3]);
    return buf;
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
