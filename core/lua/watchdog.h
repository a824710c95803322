/* A wall-clock limit for code that cannot check the clock itself: a thread
 * that sleeps until the armed deadline and then calls a function (the
 * sandbox's: it arms the Lua hook, which lua_sethook allows from another
 * thread).  Arming costs a clock read and an uncontended lock: the thread
 * is not woken while calls end within their slice. */
#ifndef TS_WATCHDOG_H
#define TS_WATCHDOG_H

struct ts_watchdog;

/* Called on the watchdog's thread, with its lock held, when an armed
 * deadline passes before ts_watchdog_disarm.  Returns the seconds until
 * it should be called again (a second deadline of the same arming: the
 * sandbox's time slice, then its time limit), or 0 for none. */
typedef double (*ts_watchdog_fn)(void *arg);

/* Starts the thread.  Returns NULL if it cannot.  Free with
 * ts_watchdog_free. */
struct ts_watchdog *ts_watchdog_new(ts_watchdog_fn fire, void *arg);

/* Fire after `seconds` unless disarmed first.  Re-arming replaces the
 * deadline. */
void ts_watchdog_arm(struct ts_watchdog *wd, double seconds);

/* Once this returns, fire is neither running nor will run for the last
 * arming. */
void ts_watchdog_disarm(struct ts_watchdog *wd);

/* Stops and joins the thread, frees wd.  NULL is ignored. */
void ts_watchdog_free(struct ts_watchdog *wd);

#endif
