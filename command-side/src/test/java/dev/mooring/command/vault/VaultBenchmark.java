package dev.mooring.command.vault;

import dev.mooring.kernel.AccountId;
import dev.mooring.kernel.account.Credentials;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What the vault costs on one core, without PostgreSQL: sealing then opening a typical token set
 * (a ~1.4 KB JWT-like access token and a ~0.6 KB refresh token, ~2 KB in all), and unwrapping one
 * data key. Each secret unwraps its data key afresh, as {@link DataKeys} does; the row read that
 * precedes it in production is not measured here. Run with {@code -Pbenchmark} (see docs/performance.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VaultBenchmark {

    private static final AccountId ACCOUNT = new AccountId("acc_01JBENCH000000000000000001");

    private CredentialsSealer sealer;
    private PlainCredentials tokenSet;
    private Credentials sealedTokenSet;
    private DataKeyWrapper wrapper;
    private WrappedDataKey wrappedDataKey;

    @Setup
    public void setUp() {
        MasterKeys masterKeys = MasterKeys.of(new MasterKey("bench-1", InMemoryDataKeys.keyBytes(1)));
        InMemoryDataKeys dataKeys = new InMemoryDataKeys(masterKeys).createFor(ACCOUNT);
        sealer = new CredentialsSealer(new EnvelopeSecretVault(dataKeys, new SecureRandom()));
        tokenSet = new PlainCredentials(token(1400), token(600), null, Instant.parse("2027-01-01T00:00:00Z"), null);
        sealedTokenSet = sealer.seal(ACCOUNT, tokenSet);
        wrapper = new DataKeyWrapper(masterKeys, new SecureRandom());
        wrappedDataKey = dataKeys.stored(ACCOUNT);
    }

    @Benchmark
    public PlainCredentials sealAndOpenTokenSet() {
        return sealer.open(ACCOUNT, sealer.seal(ACCOUNT, tokenSet));
    }

    @Benchmark
    public Credentials sealTokenSet() {
        return sealer.seal(ACCOUNT, tokenSet);
    }

    @Benchmark
    public PlainCredentials openTokenSet() {
        return sealer.open(ACCOUNT, sealedTokenSet);
    }

    @Benchmark
    public DataKey unwrapDataKey() {
        return wrapper.unwrap(ACCOUNT, wrappedDataKey);
    }

    private static String token(int length) {
        StringBuilder token = new StringBuilder("eyJhbGciOiJSUzI1NiJ9.");
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        while (token.length() < length) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }
}
