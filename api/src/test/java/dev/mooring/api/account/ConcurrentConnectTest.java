package dev.mooring.api.account;

import dev.mooring.api.support.MooringTest;
import dev.mooring.api.support.TestAccounts;
import dev.mooring.command.connect.ConnectService;
import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.Platform;
import dev.mooring.kernel.WorkspaceId;
import dev.mooring.kernel.account.AccountConnected;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** (workspace, platform, platform user id) maps to at most one live account, however connects race. */
@MooringTest
class ConcurrentConnectTest {

    private static final int RACERS = 8;

    @Autowired
    ConnectService connect;
    @Autowired
    TestAccounts accounts;
    @Autowired
    EventStore eventStore;
    @Autowired
    Jdbi jdbi;

    @Test
    void concurrentConnectsOfOneIdentityYieldOneAccount() throws Exception {
        WorkspaceId workspace = accounts.tenant().workspace();

        List<AccountId> ids = race(() -> connect.connect(TestAccounts.connection(workspace, Platform.X, "racer")));

        assertThat(new HashSet<>(ids)).hasSize(1);
        AccountId id = ids.get(0);
        List<AccountConnected> connects = eventStore.readEvents(id.value()).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(AccountConnected.class::isInstance)
                .map(AccountConnected.class::cast)
                .toList();
        assertThat(connects).hasSize(RACERS);
        assertThat(connects).filteredOn(event -> !event.reconnected()).hasSize(1);
        assertThat(connects.get(0).reconnected()).isFalse();
        accounts.read(workspace, id);
        assertThat((int) jdbi.withHandle(h -> h.createQuery(
                        "select count(*) from accounts where workspace_id = :ws and platform_user_id = 'racer'")
                .bind("ws", workspace.value()).mapTo(Integer.class).one())).isEqualTo(1);
    }

    @Test
    void concurrentConnectsOfDifferentIdentitiesYieldDifferentAccounts() throws Exception {
        WorkspaceId workspace = accounts.tenant().workspace();
        int[] next = {0};

        List<AccountId> ids = race(() -> {
            String user;
            synchronized (next) {
                user = "user-" + next[0]++;
            }
            return connect.connect(TestAccounts.connection(workspace, Platform.X, user));
        });

        assertThat(new HashSet<>(ids)).hasSize(RACERS);
    }

    @Test
    void theSameUserOnAnotherPlatformOrInAnotherWorkspaceIsAnotherAccount() {
        WorkspaceId one = accounts.tenant().workspace();
        WorkspaceId two = accounts.tenant().workspace();

        Set<AccountId> ids = Set.of(
                connect.connect(TestAccounts.connection(one, Platform.X, "same")),
                connect.connect(TestAccounts.connection(one, Platform.PINTEREST, "same")),
                connect.connect(TestAccounts.connection(two, Platform.X, "same")));

        assertThat(ids).hasSize(3);
    }

    private static List<AccountId> race(Callable<AccountId> connectOnce) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<AccountId>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return connectOnce.call();
                }));
            }
            start.countDown();
            List<AccountId> ids = new ArrayList<>();
            for (Future<AccountId> future : futures) {
                ids.add(future.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }
}
