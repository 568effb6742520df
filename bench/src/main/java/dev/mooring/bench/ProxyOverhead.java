package dev.mooring.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy's own cost (bench/run --mode proxy): Mooring starts with its sandbox platform at a
 * {@link LoopbackPlatform} in this JVM, a sandbox account holding a token the driver also knows is
 * imported, and the same call is timed directly to the platform and through
 * {@code /v1/accounts/{id}/proxy/...}, at {@code --concurrency} connections, each after a warm-up
 * (and, for scale, a Mooring read with the same key that calls no platform);
 * then an upload of {@code --upload-mb} is streamed directly and through the proxy while Mooring's
 * heap in use is sampled. The difference is what the proxy adds: reading the account, unsealing its
 * token, the second HTTP hop on loopback, relaying the answer.
 */
final class ProxyOverhead {

    private static final String PROFILE = "/api/me";
    private static final String UPLOAD = "/api/upload";
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final long MEGABYTE = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final ResultTable table = new ResultTable(ResultTable.PROXY_HEADER);
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private double lowestLoad = Double.MAX_VALUE;
    private double highestLoad = 0;

    ProxyOverhead(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Path dataDir = options.workDir().resolve("data");
        Path log = options.workDir().resolve("mooring.log");
        SecureRandom random = new SecureRandom();
        String adminToken = secret(random);
        String platformToken = secret(random);
        Bench.say("Mooring log: " + log);
        int concurrency = options.concurrency();

        try (LoopbackPlatform platform = new LoopbackPlatform(platformToken);
             MooringServer server = MooringServer.start(options.launcher(), dataDir, Bench.freePort(), adminToken, log,
                     Map.of("MOORING_SANDBOX_URL", platform.base().toString()))) {
            server.awaitHealthy(probe, System.nanoTime());
            String apiKey = Files.readString(dataDir.resolve("dev-api-key"), StandardCharsets.US_ASCII).trim();
            MooringClient mooring = new MooringClient(server.base(), apiKey, adminToken, options.concurrency());
            String account = mooring.importSandbox("bench-proxy", platformToken, Instant.now().plus(Duration.ofHours(2)));
            Thread.sleep(SETTLE.toMillis());

            URI direct = platform.base().resolve(PROFILE);
            Load.Operation directCall = n -> MooringClient.expect(200, mooring.http().send(
                    HttpRequest.newBuilder(direct).header("Authorization", "Bearer " + platformToken).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            Load.Operation proxiedCall = n -> mooring.proxiedGet(account, PROFILE);
            Load.Operation accountRead = n -> mooring.account(account);
            Bench.say("warming up for " + WARM_UP.toSeconds() + " s each way");
            Load.lasting(concurrency, WARM_UP, directCall);
            Load.lasting(concurrency, WARM_UP, proxiedCall);
            Load.lasting(concurrency, WARM_UP, accountRead);

            String load = load();
            Bench.say("GET " + PROFILE + " directly for " + options.duration().toSeconds() + " s");
            Load.Result directResult = Load.lasting(concurrency, options.duration(), directCall);
            Bench.say("GET " + PROFILE + " through the proxy for " + options.duration().toSeconds() + " s");
            Load.Result proxiedResult = Load.lasting(concurrency, options.duration(), proxiedCall);
            table.add("`GET " + PROFILE + "` (a 50-byte JSON answer), " + concurrency + " connections",
                    ResultTable.rate(directResult, "calls"), ResultTable.rate(proxiedResult, "calls"), added(directResult, proxiedResult),
                    load + " → " + load());
            String[] answered = {"platform:sandbox", "method:GET", "status:2xx"};
            Bench.say("GET /v1/accounts/{id} for " + options.duration().toSeconds() + " s");
            Load.Result readResult = Load.lasting(concurrency, options.duration(), accountRead);
            table.add("for scale: `GET /v1/accounts/{id}` (the same key checked, one read-model row, no platform), "
                    + concurrency + " connections", "", ResultTable.rate(readResult, "calls"), "", load());
            double upstreamCount = mooring.metric("mooring.proxy.requests", "COUNT", answered);
            double upstreamSeconds = mooring.metric("mooring.proxy.requests", "TOTAL_TIME", answered);
            double callSeconds = mooring.metric("mooring.proxy.calls", "TOTAL_TIME", answered);
            table.add("the same calls in Mooring's own metrics (warm-up included): `mooring.proxy.requests` / `mooring.proxy.calls`, "
                            + "sandbox GET 2xx", "", String.format(Locale.ROOT, "%,.0f calls, mean upstream %s, mean whole call %s",
                            upstreamCount, ResultTable.millis(upstreamSeconds * 1e3 / upstreamCount), ResultTable.millis(callSeconds * 1e3 / upstreamCount)),
                    "", "");

            upload(mooring, platform, platformToken, account);
        }

        String report = report();
        System.out.println();
        System.out.println(report);
        Files.createDirectories(options.resultsDir());
        Path file = options.resultsDir().resolve(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"))
                + "-proxy-" + Bench.hostName() + ".md");
        Files.writeString(file, report);
        Bench.say("written to " + file);
    }

    /** One upload straight to the platform, then the same through the proxy with the heap sampled. */
    private void upload(MooringClient mooring, LoopbackPlatform platform, String platformToken, String account) throws Exception {
        long bytes = options.uploadMegabytes() * MEGABYTE;
        String load = load();
        Bench.say("uploading " + options.uploadMegabytes() + " MB directly");
        double directSeconds = timedUpload(mooring, HttpRequest.newBuilder(platform.base().resolve(UPLOAD))
                .header("Authorization", "Bearer " + platformToken), bytes);
        long idleHeap = HeapSamples.usedMegabytes(mooring);
        long maxHeap = Math.round(mooring.metric("jvm.memory.max", "VALUE", "area:heap") / MEGABYTE);
        Bench.say("uploading " + options.uploadMegabytes() + " MB through the proxy, sampling the heap");
        double proxiedSeconds;
        HeapSamples heap = new HeapSamples(mooring);
        try (heap) {
            proxiedSeconds = timedUpload(mooring, mooring.proxied(account, UPLOAD), bytes);
        }
        table.add("`PUT " + UPLOAD + "`, " + options.uploadMegabytes() + " MB streamed, one connection",
                upload(directSeconds), upload(proxiedSeconds), signed(proxiedSeconds - directSeconds) + " s",
                load + " → " + load());
        table.add("Mooring's heap in use (`jvm.memory.used`, area heap) while the upload streams through the proxy", "",
                String.format(Locale.ROOT, "%d–%d MB over %d samples (every 0.1 s%s); %d MB just before; heap max %,d MB",
                        heap.lowestMegabytes(), heap.highestMegabytes(), heap.samples(),
                        heap.failures() > 0 ? ", " + heap.failures() + " failed" : "", idleHeap, maxHeap),
                String.format(Locale.ROOT, "peak %+d MB over the idle heap, for a %d MB body", heap.highestMegabytes() - idleHeap,
                        options.uploadMegabytes()), "");
    }

    /** Seconds to send {@code bytes} and have the platform's answer that it received every one. */
    private static double timedUpload(MooringClient mooring, HttpRequest.Builder request, long bytes) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = mooring.http().send(request.timeout(UPLOAD_TIMEOUT)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(bytes)), bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        long received = JSON.readTree(MooringClient.expect(201, answer)).path("bytes").asLong();
        if (received != bytes) {
            throw new IOException("the platform received " + received + " of " + bytes + " bytes");
        }
        return seconds;
    }

    private String upload(double seconds) {
        return ResultTable.seconds(seconds) + " (" + ResultTable.number(options.uploadMegabytes() / seconds) + " MB/s)";
    }

    /** The proxy's added latency at the median and p99, and its throughput against the direct call's. */
    private static String added(Load.Result direct, Load.Result proxied) {
        return "p50 " + signed(proxied.p50Millis() - direct.p50Millis()) + " ms, p99 "
                + signed(proxied.p99Millis() - direct.p99Millis()) + " ms; throughput "
                + ResultTable.percent(proxied.perSecond() / direct.perSecond()) + " of direct";
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%+.0f" : "%+.1f", value);
    }

    private String report() throws IOException {
        String machine = String.format(Locale.ROOT, "%d cores (%s), %.1f GB RAM, load %.2f–%.2f during the run (shared with other work), "
                        + "Java %s (%s), Mooring and the driver (with the loopback platform) on the same machine, %s",
                Machine.cores(), Machine.cpu(), Machine.memoryMegabytes() / 1024.0, lowestLoad, highestLoad,
                System.getProperty("java.version"), System.getProperty("java.vm.name"), Bench.hostName());
        return "# Mooring proxy overhead, " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + "\n\n"
                + "Machine: " + machine + "\n\n"
                + "Run: `bench/run --mode proxy --duration " + options.duration().toSeconds() + "s --concurrency " + options.concurrency()
                + " --upload-mb " + options.uploadMegabytes() + "`. The same calls to the same loopback platform (the JDK's HTTP server "
                + "in the driver, as Mooring's sandbox API), directly and through `/v1/accounts/{id}/proxy/...`, each after a "
                + WARM_UP.toSeconds() + " s warm-up; latencies are HdrHistogram percentiles of each whole HTTP exchange "
                + "(closed loop, one request at a time per connection). Mooring runs with its default heap settings.\n\n"
                + table.markdown();
    }

    private String load() {
        double load = Machine.load();
        lowestLoad = Math.min(lowestLoad, load);
        highestLoad = Math.max(highestLoad, load);
        return String.format(Locale.ROOT, "%.2f", load);
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
