/* Snapshot trees in arenas: the same tree cJSON builds, with each member
 * name kept once, and a snapshot whose text is dropped after loading
 * keeps its hash and its objects' positions. */
#include "test.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_arena.h"
#include "snapshot/snapshot_load.h"
#include "util/digest.h"

/* 63 bytes: with its NUL a string of a node's size. */
#define S63 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"

static const char doc[] =
    "{\"logGroups\": ["
    "{\"logGroupName\": \"a\", \"arn\": \"arn:aws:logs:us-east-1:1:log-group:a:*\","
    " \"retentionInDays\": 7, \"tags\": {\"arn\": \"" S63 "\"}},"
    "{\"logGroupName\": \"" S63 "\", \"arn\": \"\", \"x\": [\"" S63 "\", \"arn\", null]},"
    "{\"\\u006cogGroupName\": \"\\u00e9\", \"arn\": \"b\", \"" S63 "\": true,"
    " \"" S63 "\": {\"" S63 "\": 1.5}}],"
    " \"z\": \"arn\"}";

static const cJSON *group(const cJSON *root, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "logGroups"), i);
}

static void same_tree_names_once(void)
{
    const char *end = NULL;
    cJSON *plain = cJSON_Parse(doc);
    cJSON *root = ts_snapshot_arena_parse(doc, sizeof(doc), &end);
    char *a, *b;

    ASSERT(plain && root);
    if (!plain || !root)
        return;
    a = cJSON_PrintUnformatted(plain);
    b = cJSON_PrintUnformatted(root);
    ASSERT(a && b && !strcmp(a, b));
    free(a);
    free(b);
    /* One copy of each member name, however many members have it, escaped
     * or not; values are never shared. */
    ASSERT(group(root, 0)->child->string == group(root, 1)->child->string);
    ASSERT(group(root, 0)->child->string == group(root, 2)->child->string);
    ASSERT(group(root, 0)->child->next->string == group(root, 1)->child->next->string);
    ASSERT(cJSON_GetObjectItemCaseSensitive(group(root, 0), "tags")->child->string
           == group(root, 0)->child->next->string);
    ASSERT(!strcmp(cJSON_GetObjectItemCaseSensitive(group(root, 0), "tags")->child->valuestring,
                   S63));
    ASSERT(!strcmp(group(root, 1)->child->valuestring, S63));
    ASSERT(!strcmp(cJSON_GetObjectItemCaseSensitive(root, "z")->valuestring, "arn"));
    ts_snapshot_arena_delete(root);
    cJSON_Delete(plain);
}

static void failed_parse(void)
{
    const char *end = NULL;
    static const char cut[] = "{\"a\": {\"arn\": \"x\", \"arn\": [1, 2";

    ASSERT(ts_snapshot_arena_parse(cut, sizeof(cut), &end) == NULL);
    ASSERT(end != NULL);
}

static void dropped_text(void)
{
    static const char text[] =
        "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\",\n"
        " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\",\n"
        " \"regions\": {\"us-east-1\": {}}, \"global\": {}, \"errors\": []}\n";
    struct ts_problems p;
    struct ts_snapshot s;
    char hex[65];
    unsigned line = 0, col = 0;
    const cJSON *regions;

    ts_problems_init(&p);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", text, sizeof(text) - 1, &p) == 0);
    ts_sha256_hex(text, sizeof(text) - 1, hex);
    ASSERT(ts_snapshot_member_position(&s, s.root, "regions", &line, &col) == 0);
    ASSERT_EQ_INT(line, 3);
    ASSERT_EQ_INT(col, 2);
    ts_snapshot_drop_text(&s, 1);
    ASSERT(s.text == NULL);
    ASSERT(!strcmp(s.sha256, hex));
    ASSERT_EQ_INT(s.len, sizeof(text) - 1);
    regions = cJSON_GetObjectItemCaseSensitive(s.root, "regions");
    ASSERT(ts_snapshot_position(&s, regions, &line, &col) == 0);
    ASSERT_EQ_INT(line, 3);
    ASSERT_EQ_INT(col, 13);
    /* Members' positions were in the text: the object's own now. */
    ASSERT(ts_snapshot_member_position(&s, s.root, "regions", &line, &col) == 0);
    ASSERT_EQ_INT(line, 1);
    ASSERT_EQ_INT(col, 1);
    ts_snapshot_drop_text(&s, 1); /* twice is harmless */
    ts_snapshot_release(&s);
    ts_problems_release(&p);
}

int main(void)
{
    RUN(same_tree_names_once);
    RUN(failed_parse);
    RUN(dropped_text);
    return test_failures ? 1 : 0;
}
