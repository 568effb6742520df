package dev.mooring.api.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

/**
 * A real browser for the pages Mooring serves: Debian's headless Chromium driven by its own
 * chromedriver through Selenium (never a browser or driver downloaded at test time; {@code .ci/run}
 * installs the packages when they are absent). Keeps the browser's console, so a test can see a
 * Content-Security-Policy refusal, and saves screenshots under {@code target/screenshots/}.
 * Not {@link Browser}, which follows OAuth redirects over plain HTTP without running scripts.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration LOOK_EVERY = Duration.ofMillis(50);

    private ChromeDriver driver;
    /** Console lines already read, across navigations (chromedriver hands each line out once). */
    private final List<LogEntry> console = new ArrayList<>();

    private HeadlessChromium() {
    }

    /** One browser for a test class: {@code @RegisterExtension static final HeadlessChromium browser = perClass()}. */
    public static HeadlessChromium perClass() {
        return new HeadlessChromium();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        driver = started();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    private static ChromeDriver started() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(installed("chromium", "chromium-browser").toFile());
        // no sandbox: the build runs as root (CI, containers), where Chromium refuses to start with one
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(installed("chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
        return driver;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /**
     * The first element {@code locator} finds once it is visible. When it never shows, the failure
     * says where the browser was and what its console said, and a screenshot is saved.
     */
    public WebElement waitForVisible(By locator) {
        ExpectedCondition<WebElement> visible = ExpectedConditions.visibilityOfElementLocated(locator);
        try {
            return new WebDriverWait(driver, PATIENCE).pollingEvery(LOOK_EVERY).until(browser -> {
                try {
                    return visible.apply(browser);
                } catch (WebDriverException cutShort) {
                    if (cutShortByANavigation(cutShort)) {
                        return null; // the page went while we looked: look again on the one that replaced it
                    }
                    throw cutShort;
                }
            });
        } catch (TimeoutException notShown) {
            Path shown = screenshot("not-shown-" + System.currentTimeMillis());
            throw new AssertionError("never visible: " + locator + " on " + driver.getCurrentUrl()
                    + " (screenshot " + shown + "); console: " + consoleLines(), notShown);
        }
    }

    /**
     * Chrome's answers, rather than "no such element" or "stale element", when a navigation replaces the
     * page under a command (a redirect chain through an OAuth consent, say): the find was aborted, or
     * the element found belongs to the page just torn down.
     */
    private static boolean cutShortByANavigation(WebDriverException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("aborted by navigation") || message.contains("does not belong to the document");
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every console line so far, errors and the browser's own reports (a CSP refusal is one) included. */
    public List<String> consoleLines() {
        driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
        return console.stream().map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }

    /** Console lines in which the browser refused something under the page's Content-Security-Policy. */
    public List<String> contentSecurityPolicyViolations() {
        return consoleLines().stream().filter(line -> line.contains("Content Security Policy")).toList();
    }

    /** The first of {@code names} on the PATH; the packages are Debian's {@code chromium} and {@code chromium-driver}. */
    private static Path installed(String... names) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Arrays.stream(names)
                .flatMap(name -> Arrays.stream(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + String.join(" or ", names) + " on the PATH: "
                        + "install Chromium and its driver (Debian: apt-get install -y chromium chromium-driver)"));
    }
}
