/* Preloaded by scripts/test_at_date.sh into the tests and into PostgreSQL: the wall clock
 * (CLOCK_REALTIME, gettimeofday, time) runs FAKE_CLOCK_OFFSET seconds ahead; nothing else
 * changes.  libfaketime does more and breaks PostgreSQL with it: statement_timeout,
 * lock_timeout and deadlock_timeout never fire under it (a lock wait hangs for good), so
 * the suite's lock tests could not fail.  Monotonic clocks, sleeps, timers and waits are
 * left alone here, and reading the clock stays async-signal-safe (PostgreSQL reads it in
 * its SIGALRM handler).
 *   cc -shared -fPIC -O2 -Wno-nonnull-compare -o fake_clock.so fake_clock.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long offset_seconds;
static int (*real_clock_gettime)(clockid_t, struct timespec *);
static int (*real_gettimeofday)(struct timeval *, void *);

/* Resolved at the first call: other libraries' constructors may read the clock before
 * a constructor of ours would have run. */
static void fake_clock_init(void)
{
    const char *text = getenv("FAKE_CLOCK_OFFSET");
    offset_seconds = text ? strtol(text, NULL, 10) : 0;
    real_gettimeofday = (int (*)(struct timeval *, void *))dlsym(RTLD_NEXT, "gettimeofday");
    real_clock_gettime = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
}

#define READY() do { if (!real_clock_gettime) fake_clock_init(); } while (0)

int clock_gettime(clockid_t clock, struct timespec *out)
{
    READY();
    int result = real_clock_gettime(clock, out);
    if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE))
        out->tv_sec += offset_seconds;
    return result;
}

int gettimeofday(struct timeval *out, void *zone)
{
    READY();
    int result = real_gettimeofday(out, zone);
    if (result == 0 && out)
        out->tv_sec += offset_seconds;
    return result;
}

time_t time(time_t *out)
{
    struct timespec now;
    READY();
    real_clock_gettime(CLOCK_REALTIME, &now);
    now.tv_sec += offset_seconds;
    if (out)
        *out = now.tv_sec;
    return now.tv_sec;
}
