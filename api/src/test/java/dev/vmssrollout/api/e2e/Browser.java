package dev.vmssrollout.api.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One person's headless Chromium on the dashboard: Debian's {@code chromium} driven by its {@code chromedriver}
 * (paths from VMSS_CHROMIUM / VMSS_CHROMEDRIVER), each with a fresh profile, so two browsers are two sessions.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(env("VMSS_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("VMSS_CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Build artifacts: every screenshot a browser test takes. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final String baseUrl;
    private final Path profile;
    private final ChromeDriverService service;

    private Browser(String baseUrl) throws IOException {
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("vmss-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root, headless, in a container: without the background-networking flags Chromium's own connections
        // are refused here and slow every start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,1000", "--lang=en-US", "--user-data-dir=" + profile,
                // No colour fades or stripes in motion: screenshots show each cell's state, not a transition.
                "--force-prefers-reduced-motion");
        // The console is read back to catch script errors and anything the Content-Security-Policy refused.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static Browser open(int port) {
        return openAt("http://localhost:" + port);
    }

    /** A browser on another web application, such as the Temporal UI. */
    static Browser openAt(String baseUrl) {
        try {
            return new Browser(baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first displayed element matching {@code css} whose text is {@code text} (any text when null), waited for:
     * single-page applications such as the Temporal UI keep hidden copies of menus and forms in the page.
     */
    WebElement displayed(String css, String text) {
        return until(d -> displayedNow(css, text).orElse(null));
    }

    /** {@link #displayed} without waiting. */
    java.util.Optional<WebElement> displayedNow(String css, String text) {
        try {
            return driver.findElements(By.cssSelector(css)).stream()
                    .filter(WebElement::isDisplayed)
                    .filter(e -> text == null || text.equals(e.getText().trim()))
                    .findFirst();
        } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
            return java.util.Optional.empty();
        }
    }

    /** Clicks {@link #displayed}; found again when the application re-rendered it between finding and clicking. */
    void clickDisplayed(String css, String text) {
        until(d -> {
            try {
                displayed(css, text).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return false;
            }
        });
    }

    /** Signs in on the dashboard's sign-in page, as a person would. */
    Browser signIn(String user) {
        get("/dashboard/signin");
        return signInHere(user);
    }

    /** Fills in the sign-in page the browser is on (after a redirect to it, say) and waits to be let in. */
    Browser signInHere(String user) {
        WebElement name = visible("#username");
        name.clear();
        name.sendKeys(user);
        WebElement password = find("#password");
        password.clear();
        password.sendKeys(user);
        driver.findElement(By.id("signin-button")).click();
        until(d -> !d.getCurrentUrl().contains("/signin") && user.equals(find("body").getDomAttribute("data-user")));
        return this;
    }

    void get(String path) {
        driver.get(baseUrl + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for a visible element. */
    WebElement visible(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Waits until an element's text contains {@code text}; returns the element. */
    WebElement text(String css, String text) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text) ? found.get(0) : null;
        });
    }

    <T> T until(ExpectedCondition<T> condition) {
        return until(Duration.ofSeconds(30), condition);
    }

    /**
     * Polls {@code condition} until it holds. A page that re-renders between finding an element and reading it makes
     * that element stale: the condition is simply asked again on the next poll, as for one not found yet.
     */
    <T> T until(Duration timeout, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** Confirms the open confirmation dialog, typing {@code text} into its comment field when given. */
    void confirm(String text) {
        WebElement dialog = visible("dialog#confirm");
        if (text != null) {
            dialog.findElement(By.id("confirm-text")).sendKeys(text);
        }
        dialog.findElement(By.id("confirm-ok")).click();
        until(d -> !dialog.isDisplayed());
    }

    /**
     * Console messages, since the last call, about a script error or something the Content-Security-Policy refused
     * (failed requests the page handled, such as a 401 before signing in, are not problems).
     */
    List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
                .toList();
    }

    /** Saves a PNG under target/screenshots; returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            File png = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the page's current DOM under target/screenshots, beside the screenshot, to see why a selector missed. */
    Path pageSource(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a PNG of the whole page height (the window grows to fit, then shrinks back). */
    Path fullPageScreenshot(String name) {
        var size = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(height + 140, 4000)));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temporary profile is harmless.
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
