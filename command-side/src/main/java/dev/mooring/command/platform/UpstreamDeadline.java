package dev.mooring.command.platform;

import dev.mooring.kernel.FrontDoor;
import dev.mooring.kernel.Platform;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The moment by which work a caller is waiting for must be done with its platform. The API sets it
 * for the thread that does the work; connectors check it before each upstream call and before they
 * store anything, so work whose caller was already told {@code platform_unavailable} stops at the
 * next step instead of going on, and never connects an account behind the caller's back. Work
 * without a caller (the token lifecycle) runs without one.
 */
@FrontDoor
public final class UpstreamDeadline {

    // System.nanoTime, not the clock: a deadline measures elapsed time, which a shifted clock must not change
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private UpstreamDeadline() {
    }

    /** The deadline {@code budget} from now, to pass to {@link #within}. */
    public static long after(Duration budget) {
        return System.nanoTime() + budget.toNanos();
    }

    public static <T> T within(long deadline, Callable<T> work) throws Exception {
        Long outer = DEADLINE.get();
        DEADLINE.set(deadline);
        try {
            return work.call();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    /** Throws {@code platform_unavailable} when the caller's deadline has passed; {@code step} says what was not done. */
    public static void check(Platform platform, String step) {
        Long deadline = DEADLINE.get();
        if (deadline != null && System.nanoTime() - deadline >= 0) {
            throw new PlatformFailure(PlatformFailure.Kind.UNAVAILABLE, platform, "deadline",
                    platform.wireName() + " took longer than the request may wait; " + step, Duration.ofSeconds(30));
        }
    }
}
