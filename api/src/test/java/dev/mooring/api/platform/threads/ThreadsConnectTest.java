package dev.mooring.api.platform.threads;

import dev.mooring.api.platform.LongLivedTokenConnectTest;
import dev.mooring.api.platform.LongLivedTokenTestServer;
import dev.mooring.api.platform.MetaTest;
import dev.mooring.api.platform.MetaTestServers;

/** Threads against its test server; the behaviour it shares with Instagram is in the superclass. */
@MetaTest
class ThreadsConnectTest extends LongLivedTokenConnectTest {

    @Override
    protected LongLivedTokenTestServer server() {
        return MetaTestServers.threads();
    }

    @Override
    protected String platform() {
        return "threads";
    }
}
