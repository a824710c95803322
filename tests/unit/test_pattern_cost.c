/* The pattern guard's worst-case estimate: what Lua's matcher can really
 * spend must be covered (unanchored patterns retried at every start, each
 * repeated item scanning to the end), and anchored or linear patterns must
 * stay linear, or honest rules on long snapshot texts would be refused. */
#include <string.h>
#include "test.h"
#include "lua/pattern_guard.h"

static double cost(const char *p, double n)
{
    return ts_pattern_cost(p, strlen(p), (size_t)n);
}

/* Quadratic shapes: the estimate is at least n^2 / 2. */
static void rescans_are_counted(void)
{
    double n = 4e5;

    ASSERT(cost("[^/]+$", n) >= n * n / 2); /* each start runs to the '/', '$' fails */
    ASSERT(cost("a*b", n) >= n * n / 2);    /* a* to the end, no b, at every start */
    ASSERT(cost("[^:]*:", n) >= n * n / 2); /* no ':' after some start */
    ASSERT(cost("%b()", n) >= n * n / 2);   /* an unbalanced '(' at every start */
    ASSERT(cost(".-.-b", 1000) >= 1e9);     /* backtracking multiplies */
}

/* Linear shapes stay linear: a few steps per byte. */
static void linear_shapes_stay_linear(void)
{
    double n = 4e5;

    ASSERT(cost("^arn:([^:]+):logs:([^:]*):(%d*):log%-group:([^:]+)", n) <= 8 * n);
    ASSERT(cost("^[%w%-%._/:@=+,]+$", n) <= 4 * n);
    ASSERT(cost("^([^/]+)/", n) <= 4 * n);
    ASSERT(cost("%s+", n) <= 4 * n);       /* a last repeat ends the match */
    ASSERT(cost("[%c\"\\]", n) <= 4 * n);  /* one class, no repeat */
}

int main(void)
{
    RUN(rescans_are_counted);
    RUN(linear_shapes_stay_linear);
    return TEST_EXIT();
}
