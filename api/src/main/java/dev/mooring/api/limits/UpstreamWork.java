package dev.mooring.api.limits;

import dev.mooring.api.error.ApiException;
import dev.mooring.api.timeout.AnswerWithin;
import dev.mooring.command.platform.UpstreamDeadline;
import dev.mooring.kernel.ErrorCode;
import dev.mooring.kernel.WorkspaceId;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Requests that wait on a platform, kept apart so that one workspace's slow platform slows no one
 * else: they run on their own threads (never the shared bounded elastic pool that reads and the
 * JDBC work use), each workspace may have only {@code MOORING_LIMITS_UPSTREAM_CALLS} of them under
 * way (a Resilience4j semaphore bulkhead that refuses at once instead of queueing), and each caller
 * waits at most {@code MOORING_LIMITS_UPSTREAM_DEADLINE}: then it is answered 503
 * {@code platform_unavailable} with {@code Retry-After}, well inside the API's own timeout.
 *
 * <p>A slot is held until the work really ends, not until its caller gave up, so a workspace whose
 * platform stalls keeps its own slots busy and is refused (429 {@code rate_limited}: the limit is
 * the caller's own, and waiting frees it) instead of piling up threads.
 */
@Component
public class UpstreamWork implements DisposableBean {

    // enough for many workspaces at their limit at once; past it, callers are told to come back
    private static final int THREADS = 64;

    private final LimitsProperties settings;
    private final BulkheadRegistry bulkheads;
    private final ExecutorService threads;

    public UpstreamWork(LimitsProperties settings) {
        this.settings = settings;
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.upstreamCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), work -> {
            Thread thread = new Thread(work, "upstream-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Blocking work that calls a platform and may then store what it got. Past the deadline it stops
     * at its next upstream call or before it stores anything ({@link UpstreamDeadline}), so a caller
     * answered {@code platform_unavailable} finds nothing done.
     */
    public <T> Mono<T> call(WorkspaceId workspace, Callable<T> work) {
        return Mono.defer(() -> {
            Bulkhead bulkhead = admit(workspace);
            long deadline = UpstreamDeadline.after(settings.upstreamDeadline());
            CompletableFuture<T> result = new CompletableFuture<>();
            try {
                threads.execute(() -> {
                    try {
                        result.complete(UpstreamDeadline.within(deadline, work));
                    } catch (Throwable failed) {
                        result.completeExceptionally(failed);
                    } finally {
                        bulkhead.onComplete();
                    }
                });
            } catch (RejectedExecutionException full) {
                bulkhead.onComplete();
                return Mono.error(busy());
            }
            // cancelling would not stop a blocked socket read; the work ends itself at its deadline
            return AnswerWithin.answer(result, settings.upstreamDeadline().plus(LimitsProperties.STORE_GRACE), this::tooSlow);
        });
    }

    /**
     * Work already under way on its own threads once started (a refresh): it holds a slot until it
     * ends, and a caller who hangs up or is answered at the deadline never cancels it, so it finishes
     * what it started (a refresh between the platform rotating a token and Mooring storing it must
     * not be cut short).
     */
    public <T> Mono<T> finish(WorkspaceId workspace, Supplier<CompletableFuture<T>> start) {
        return Mono.defer(() -> {
            Bulkhead bulkhead = admit(workspace);
            CompletableFuture<T> work;
            try {
                work = start.get();
            } catch (RuntimeException failed) {
                bulkhead.onComplete();
                return Mono.error(failed);
            }
            work.whenComplete((result, failure) -> bulkhead.onComplete());
            return AnswerWithin.answer(work, settings.upstreamDeadline(), this::stillWorking);
        });
    }

    /**
     * Non-blocking work with a platform (a proxied call, streaming both ways): it holds one of the
     * workspace's slots until it ends, fails or its caller hangs up. Its own timeouts bound it; the
     * upstream deadline, made for calls that answer in one piece, would cut a long upload short.
     */
    public <T> Mono<T> hold(WorkspaceId workspace, Supplier<Mono<T>> work) {
        return Mono.using(() -> admit(workspace), bulkhead -> work.get(), Bulkhead::onComplete);
    }

    private Bulkhead admit(WorkspaceId workspace) {
        Bulkhead bulkhead = bulkheads.bulkhead(workspace.value());
        if (!bulkhead.tryAcquirePermission()) {
            throw new ApiException(ErrorCode.RATE_LIMITED, "this workspace already has " + settings.upstreamCalls()
                    + " requests waiting on platforms (MOORING_LIMITS_UPSTREAM_CALLS)",
                    "wait for one of them to finish, then ask again", settings.upstreamDeadline());
        }
        return bulkhead;
    }

    private ApiException tooSlow() {
        return new ApiException(ErrorCode.PLATFORM_UNAVAILABLE, "the platform did not answer within "
                + settings.upstreamDeadline().toSeconds() + "s (MOORING_LIMITS_UPSTREAM_DEADLINE); nothing was stored",
                "try again later", settings.upstreamDeadline());
    }

    private ApiException stillWorking() {
        return new ApiException(ErrorCode.PLATFORM_UNAVAILABLE, "the platform did not answer within "
                + settings.upstreamDeadline().toSeconds() + "s (MOORING_LIMITS_UPSTREAM_DEADLINE); the work goes on",
                "read the account again shortly", settings.upstreamDeadline());
    }

    private ApiException busy() {
        return new ApiException(ErrorCode.PLATFORM_UNAVAILABLE, "Mooring has too many requests waiting on platforms",
                "try again shortly", settings.upstreamDeadline());
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
