/* The words reports write around the rules' texts (verdicts, headings,
 * labels) in the scan's language. */
#ifndef TS_REPORT_WORDS_H
#define TS_REPORT_WORDS_H

#include <stddef.h>
#include "engine/result.h"
#include "lua/sandbox_limits.h"
#include "report/report_compliance.h"
#include "snapshot/org_manifest.h"
#include "triage/waiver.h"
#include "util/lang.h"

/* Every word and heading of the reports, by key: English and Japanese side
 * by side, so that a word cannot lose its Japanese when its English is
 * edited.  X(KEY, English, Japanese) for each. */
#define TS_WORDS(X) \
    X(DID_NOT_RUN, " (did not run)", " (未実行)") \
    X(UNKNOWN_PAREN, "(unknown)", "(不明)") \
    X(WHILE_LOADING, "(while loading)", "(読み込み時)") \
    X(WORSE, ", worse", "、悪化") \
    X(ABSENT_EXPLAINED, "Absent: in the baseline, not found now", "解消: ベースラインにあり、今回は検出されなかったもの") \
    X(ACCOUNT_CAP, "Account", "アカウント") \
    X(ACCOUNTS_CAP, "Accounts", "アカウント") \
    X(ACCOUNTS_NOT_JUDGED, "Accounts not judged", "判定されなかったアカウント") \
    X(ACCOUNTS_WORST_FIRST, "Accounts, worst first", "アカウント (深刻な順)") \
    X(AGAINST_THE_BASELINE, "Against the baseline", "ベースラインとの比較") \
    X(BY_ACCOUNT, "By account", "アカウント別") \
    X(BY_RULE, "By rule", "ルール別") \
    X(COLLECTION_ERRORS, "Collection errors", "収集エラー") \
    X(COMMAND, "Command", "コマンド") \
    X(CONSOLE, "Console", "コンソール") \
    X(CONTROLS_CAP, "Controls", "コントロール") \
    X(CONTROLS_CHART, "Controls by accounts failed (error colour) and to review, worst first", "コントロール別の不合格・要確認アカウント数 (深刻な順)") \
    X(ENGLISH_ONLY, "English only", "英語のみ") \
    X(EVIDENCE, "Evidence", "根拠") \
    X(EXIT_STATUS, "Exit status", "終了ステータス") \
    X(FAIL_UPPER, "FAIL", "不合格") \
    X(FAILED_ERROR, "Failed: error", "不合格: エラー") \
    X(FAILED_NOTE, "Failed: note", "不合格: 注記") \
    X(FAILED_WARNING, "Failed: warning", "不合格: 警告") \
    X(ACCOUNTS_CHART, "Failures and reviews by account (worst first)", "アカウント別の不合格と要確認 (深刻な順)") \
    X(RULES_CHART, "Failures and reviews by rule (worst first)", "ルール別の不合格と要確認 (深刻な順)") \
    X(FIX_CAP, "Fix", "修復方法") \
    X(INPUTS_LEFT_OUT, "Inputs left out", "除外された入力") \
    X(NO_ACCOUNT_TO_REPORT, "No account has anything to report.", "報告すべき検出事項のあるアカウントはありません。") \
    X(NO_RULE_TO_REPORT, "No rule found anything to report.", "報告すべき検出事項のあるルールはありません。") \
    X(NOTHING_TO_REPORT, "Nothing to report.", "報告すべき検出事項はありません。") \
    X(OVERVIEW, "Overview", "概要") \
    X(PASS_UPPER, "PASS", "合格") \
    X(PASSED_CAP, "Passed", "合格") \
    X(REVIEW_UPPER, "REVIEW", "要確認") \
    X(RULE_FAILED_UPPER, "RULE FAILED", "ルール実行失敗") \
    X(RULE_FAILED_TO_LOAD_UPPER, "RULE FAILED TO LOAD", "ルール読み込み失敗") \
    X(REFERENCES, "References", "参考資料") \
    X(REMEDIATION, "Remediation", "修復方法") \
    X(RESULTS_BY_LEVEL, "Results by level", "レベル別の結果") \
    X(RULE_FAILURES_CAP, "Rule failures", "ルールの実行失敗") \
    X(RULES, "Rules", "ルール") \
    X(RULES_AND_THEIR_REMEDIATION, "Rules and their remediation", "ルールと修復方法") \
    X(RULES_WORST_FIRST, "Rules, worst first", "ルール (深刻な順)") \
    X(SNAPSHOT_NOT_READ, "The snapshot could not be read back here.", "スナップショットをここで読み直せませんでした。") \
    X(TO_REVIEW_CAP, "To review", "要確認") \
    X(TOTALS, "Totals", "合計") \
    X(WAIVED_UPPER, "WAIVED", "免除") \
    X(WAIVED_CAP, "Waived", "免除") \
    X(WAIVERS_TO_REVIEW, "Waivers to review", "見直しが必要な免除") \
    X(ABSENT, "absent", "解消") \
    X(ACCOUNT, "account", "アカウント") \
    X(ACCOUNTS, "accounts", "アカウント数") \
    X(ALL_ACCOUNTS, "all accounts", "全アカウント") \
    X(ALL_CONTROLS, "all controls", "全コントロール") \
    X(APPLIED, "applied", "適用") \
    X(AS_OF, "as of", "収集日時") \
    X(CAUSE, "cause", "原因") \
    X(COLLECTED_AT, "collected at", "収集日時") \
    X(CONTROLS, "controls", "コントロール") \
    X(CRITICAL, "critical", "重大") \
    X(ERROR, "error", "エラー") \
    X(EXPIRED, "expired", "期限切れ") \
    X(FAILED, "failed", "不合格") \
    X(FIX, "fix", "修復方法") \
    X(HIGH, "high", "高") \
    X(LEVEL, "level", "レベル") \
    X(LOW, "low", "低") \
    X(MANIFEST, "manifest", "マニフェスト") \
    X(MANIFEST_MISSING, "manifest-missing", "マニフェストなし") \
    X(MANUAL, "manual", "手動確認") \
    X(MEDIUM, "medium", "中") \
    X(MESSAGE, "message", "メッセージ") \
    X(MISSING, "missing", "欠落") \
    X(NAME, "name", "名前") \
    X(NEW, "new", "新規") \
    X(NO_RULE_JUDGES_IT, "no rule judges it", "判定するルールがありません") \
    X(NONE, "none", "なし") \
    X(NOT_ASSESSED, "not assessed", "未評価") \
    X(NOT_EVALUATED, "not evaluated", "未評価") \
    X(NOTE, "note", "注記") \
    X(PARTITION, "partition", "パーティション") \
    X(PASS, "pass", "合格") \
    X(PASSED, "passed", "合格") \
    X(PASSED_OF_ASSESSED, "passed / assessed", "合格 / 評価済み") \
    X(REASON, "reason", "理由") \
    X(REGION, "region", "リージョン") \
    X(RESOURCE, "resource", "リソース") \
    X(REVIEW, "review", "要確認") \
    X(RULE, "rule", "ルール") \
    X(RULE_FAILURES, "rule failures", "ルール実行失敗") \
    X(RULE_FILE, "rule file", "ルールファイル") \
    X(SECTION, "section", "セクション") \
    X(SEVERITY, "severity", "重大度") \
    X(SHARE_MISSING, "share-missing", "共有なし") \
    X(SHOWN_ABOVE, "shown above", "上記参照") \
    X(SKIPPED, "skipped", "スキップ") \
    X(SNAPSHOT, "snapshot", "スナップショット") \
    X(STALE, "stale", "該当なし") \
    X(STATE, "state", "状態") \
    X(TO_REVIEW, "to review", "要確認") \
    X(UNCHANGED, "unchanged", "変化なし") \
    X(UNKNOWN, "unknown", "不明") \
    X(UPDATED, "updated", "変化あり") \
    X(VERDICT, "verdict", "判定") \
    X(WAIVED, "waived", "免除") \
    X(WARNING, "warning", "警告") \
    X(INFO, "info", "情報") \
    X(CAUSE_NONE, "none", "なし") \
    X(CAUSE_ERROR, "script error", "スクリプトエラー") \
    X(CAUSE_MEMORY, "memory limit", "メモリ上限") \
    X(CAUSE_INSTRUCTIONS, "instruction limit", "命令数の上限") \
    X(CAUSE_BLOCKED, "blocked by the sandbox", "サンドボックスによる禁止") \
    X(CAUSE_STACK, "stack overflow", "スタックオーバーフロー") \
    X(CAUSE_TIME, "time limit", "実行時間の上限") \
    X(ORG_FAILED, "failed", "収集失敗") \
    X(ORG_MISSING, "missing", "スナップショットなし") \
    X(ORG_SHARE_MISSING, "share-missing", "シャードなし")

enum ts_word_key {
#define TS_WORD_KEY(key, en, ja) TS_W_##key,
    TS_WORDS(TS_WORD_KEY)
#undef TS_WORD_KEY
    TS_NWORDS
};

/* A sentence with printf conversions in lang: both languages written where
 * it is used, so that the compiler checks each against the arguments. */
#define TS_SAY(lang, en, ja) ((lang) == TS_LANG_JA ? (ja) : (en))

/* The word w in lang. */
const char *ts_word(enum ts_lang lang, enum ts_word_key w);

/* Names of the scan's states as people read them: the English name itself
 * (ts_severity_name ...), or its Japanese word. */
const char *ts_word_severity(enum ts_lang lang, enum ts_severity s);
const char *ts_word_level(enum ts_lang lang, enum ts_level l);
const char *ts_word_baseline(enum ts_lang lang, int baseline_state);
const char *ts_word_control(enum ts_lang lang, enum ts_control_status s);
const char *ts_word_waiver_state(enum ts_lang lang, enum ts_waiver_state s);
const char *ts_word_org_state(enum ts_lang lang, const struct ts_org_account *a);
/* Why a rule failed ("instruction limit" ...); the Lua error stays as Lua
 * wrote it. */
const char *ts_word_cause(enum ts_lang lang, enum ts_cause c);

/* Who accepted a waiver and until when, into out: "owner X, ticket Y,
 * expires 2027-03-31", "担当者 X、チケット Y、有効期限 2027年3月31日"
 * (without the expiry when with_expiry is 0).  Owner and ticket stay as
 * the user wrote them.  Returns out. */
const char *ts_word_waiver(enum ts_lang lang, const struct ts_waiver *w, int with_expiry,
                           char *out, size_t cap);

/* Why an account of an organisation was not judged, into buf: its
 * manifest's entry in words (AWS's error code and message, a skip's state
 * such as SUSPENDED, stay as written).  English is ts_org_account_reason's. */
const char *ts_word_org_reason(enum ts_lang lang, const struct ts_org_account *a, char *buf,
                               size_t n);
/* What such an entry is: its account ("444455556666 (sandbox)"), or what
 * the scan lacks (a share of a sharded collection, a folder's manifest).
 * Into buf (TS_REPORT_LABEL_MAX), or a's own text; returned. */
const char *ts_word_org_label(enum ts_lang lang, const struct ts_org_account *a, char *buf,
                              size_t n);

/* A verdict as people read it: "fail" ... in English, 不合格, 合格, 要確認. */
const char *ts_word_verdict(enum ts_lang lang, enum ts_verdict v);

/* A timestamp of the data (RFC 3339, "2026-12-06T09:30:00Z") as prose:
 * itself in English; in Japanese "2026年12月6日 09:30 UTC" (the time only
 * when it is UTC, "2026年12月6日" with time 0 given).  Anything that is not
 * such a timestamp is copied as it is.  Written into buf, returned. */
#define TS_WORD_DATE_MAX 96
const char *ts_word_date(enum ts_lang lang, const char *at, int time, char *buf, size_t n);

#endif
