package dev.mooring.query.accounts;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every instance looks at the rebuild's row a few times a second; see {@link AccountsReplay#check()}. */
@Component
class AccountsRebuildCheck implements SmartLifecycle {

    /** A switch or a retirement waits at most this long after the replay has caught up. */
    private static final long CHECK_MILLIS = 200;

    private final AccountsReplay replay;
    private ScheduledExecutorService checker;

    AccountsRebuildCheck(AccountsReplay replay) {
        this.replay = replay;
    }

    @Override
    public void start() {
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "accounts-rebuild-check");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(replay::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        checker.shutdownNow();
        checker = null;
    }

    @Override
    public boolean isRunning() {
        return checker != null;
    }
}
