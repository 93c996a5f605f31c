package dev.taskhost.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.OperatorHost;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium with the system chromedriver, over a real host on SQLite files (R60 to R63).
 * Skipped with an install hint where Chromium is missing, failed under {@code CI=true}.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots"));

    @TempDir
    Path dir;
    @TempDir
    Path profile;
    private ConsoleFixture fx;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String hint = "no Chromium at " + CHROMIUM + " or chromedriver at " + CHROMEDRIVER
                    + "; install them with: apt-get install -y chromium chromium-driver (or .ci/install-browser)";
            if ("true".equals(System.getenv("CI"))) {
                fail(hint);
            }
            Assumptions.abort(hint);
        }
        fx = new ConsoleFixture(dir, false);
        fx.createQueue("mail");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // A page being replaced by the next one leaves the elements read from it stale: read again.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private void signIn() {
        signIn(fx.console);
    }

    private void signIn(TaskConsole console) {
        browser.get(console.uri().resolve("/signin").toString());
        browser.findElement(By.id("token")).sendKeys(console.token());
        browser.findElement(By.id("signin")).click();
        wait.until(d -> "overview".equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    private WebElement count(String queue, TaskStatus status) {
        for (WebElement row : browser.findElements(By.cssSelector("tr[data-queue]"))) {
            if (queue.equals(row.getAttribute("data-queue"))) {
                return row.findElement(By.cssSelector("[data-count][data-status='" + status.name() + "']"));
            }
        }
        throw new AssertionError("no row for queue " + queue);
    }

    @Test
    void r60r63SignInAndWatchCountsChangeWithoutAReload() throws IOException {
        String first = fx.enqueue("mail", "hello");
        fx.awaitStatus(first, TaskStatus.COMPLETED);
        browser.get(fx.console.uri().toString());
        assertEquals("signin", browser.getCurrentUrl().replaceAll(".*/", ""), "not signed in: the sign-in page");
        signIn();
        assertEquals("1", count("mail", TaskStatus.COMPLETED).getText());
        WebElement host = browser.findElement(By.cssSelector("table.hosts tr[data-host]"));
        assertTrue(host.getText().contains("this host"), "the hosts section lists this host: " + host.getText());
        assertFalse(browser.findElement(By.cssSelector("tr[data-queue='mail'] [data-no-live-host]")).isDisplayed(),
                "this host runs mail: no hint");
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 42;");
        for (int i = 0; i < 3; i++) {
            fx.awaitStatus(fx.enqueue("mail", "more " + i), TaskStatus.COMPLETED);
        }
        wait.until(d -> count("mail", TaskStatus.COMPLETED).getText().equals("4"));
        assertEquals(42L, ((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"),
                "the counts changed without a reload");
        fx.awaitStatus(fx.enqueue("mail", "fail:upstream said 502"), TaskStatus.FAILED);
        wait.until(d -> count("mail", TaskStatus.FAILED).getText().equals("1"));
        screenshot("overview");
    }

    /**
     * R35, R61: the hosts section follows {@code GET /api/hosts} without a reload: a second host (made
     * up, with a hostile name, beside the real one) appears, its last beat and running count change,
     * it goes, and with no host left the table gives way to the hint; its name stays text.
     */
    @Test
    void r35r61TheHostsSectionFollowsHostsComingAndGoingWithoutAReload() throws IOException {
        AtomicReference<List<OperatorHost>> others = new AtomicReference<>(List.of());
        AtomicBoolean realGone = new AtomicBoolean();
        UnaryOperator<List<OperatorHost>> edit = real -> {
            List<OperatorHost> hosts = new ArrayList<>(realGone.get() ? List.of() : real);
            hosts.addAll(others.get());
            return hosts;
        };
        try (TaskConsole console = TaskConsole.builder().view(new EditedHostsView(fx.host.operator(), edit)).build()) {
            console.start();
            signIn(console);
            wait.until(d -> hostRows().size() == 1 && hostRows().get(0).getText().contains("this host"));
            ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 42;");

            String name = "<img src=x onerror=\"window.__xss=5;alert(5)\"></td><script>window.__xss=6</script>";
            Instant started = Instant.parse("2026-01-02T03:04:05Z");
            others.set(List.of(new OperatorHost("other-1", name, 4242, started, started.plusSeconds(60),
                    List.of(new OperatorHost.Run(ConsoleFixture.OWNER, "mail", 1)), false)));
            wait.until(d -> hostRows().size() == 2);
            WebElement other = hostRow("other-1");
            assertEquals(name, other.findElement(By.cssSelector("[data-host-field=name]")).getText(),
                    "the host's name, as text");
            assertEquals("4242", other.findElement(By.cssSelector("[data-host-field=pid]")).getText());
            assertEquals(started.toString(), other.findElement(By.cssSelector("[data-host-field=startedAt]")).getText());
            assertEquals(started.plusSeconds(60).toString(),
                    other.findElement(By.cssSelector("[data-host-field=lastSeen]")).getText());
            assertEquals("shop / mail (1)", other.findElement(By.cssSelector("[data-host-field=runs] li")).getText());
            assertTrue(other.findElement(By.cssSelector("[data-host-field=runs] a")).getAttribute("href")
                    .endsWith("/owners/shop/queues/mail"));
            assertFalse(other.getText().contains("this host"));
            assertInjectedNothing("the hosts section");

            others.set(List.of(new OperatorHost("other-1", name, 4242, started, started.plusSeconds(62),
                    List.of(new OperatorHost.Run(ConsoleFixture.OWNER, "mail", 3),
                            new OperatorHost.Run(ConsoleFixture.OWNER, "a b/c?", 0)), false)));
            wait.until(d -> hostRow("other-1").findElement(By.cssSelector("[data-host-field=lastSeen]")).getText()
                    .equals(started.plusSeconds(62).toString()));
            wait.until(d -> hostRow("other-1").findElements(By.cssSelector("[data-host-field=runs] li")).size() == 2);
            List<WebElement> runs = hostRow("other-1").findElements(By.cssSelector("[data-host-field=runs] li"));
            assertEquals("shop / mail (3)", runs.get(0).getText());
            assertEquals("shop / a b/c? (0)", runs.get(1).getText());
            assertTrue(runs.get(1).findElement(By.tagName("a")).getAttribute("href")
                    .endsWith("/owners/shop/queues/a%20b%2Fc%3F"), "the queue's name percent-encoded in its link");
            screenshot("hosts");

            others.set(List.of());
            wait.until(d -> hostRows().size() == 1);
            assertTrue(browser.findElements(By.cssSelector("tr[data-host='other-1']")).isEmpty());
            assertTrue(browser.findElement(By.cssSelector("[data-no-hosts]")).getAttribute("hidden") != null);

            realGone.set(true);
            wait.until(d -> d.findElement(By.cssSelector("[data-no-hosts]")).isDisplayed());
            assertFalse(browser.findElement(By.cssSelector("table[data-hosts]")).isDisplayed());
            realGone.set(false);
            wait.until(d -> d.findElement(By.cssSelector("table[data-hosts]")).isDisplayed() && hostRows().size() == 1);
            assertFalse(browser.findElement(By.cssSelector("[data-no-hosts]")).isDisplayed());
            assertEquals(42L, ((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"),
                    "the hosts changed without a reload");
            assertInjectedNothing("the hosts section");
        }
    }

    private List<WebElement> hostRows() {
        return browser.findElements(By.cssSelector("table[data-hosts] tbody tr[data-host]"));
    }

    private WebElement hostRow(String id) {
        return browser.findElement(By.cssSelector("table[data-hosts] tr[data-host='" + id + "']"));
    }

    @Test
    void r62r63OpenAFailedTaskRetryItAndSeeItComplete() throws IOException {
        for (int i = 0; i < 4; i++) {
            fx.awaitStatus(fx.enqueue("mail", "sent " + i), TaskStatus.COMPLETED);
        }
        String flaky = fx.enqueue("mail", "once:SMTP 451 try again later");
        fx.awaitStatus(flaky, TaskStatus.FAILED);
        signIn();
        browser.findElement(By.linkText("mail")).click();
        wait.until(d -> "queue".equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
        browser.findElement(By.cssSelector("nav.tabs a[href$='status=FAILED']")).click();
        browser.findElement(By.linkText(flaky)).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-task-field=status]")).getText().equals("failed"));
        assertTrue(browser.findElement(By.cssSelector("pre.message")).getText().contains("SMTP 451"));
        browser.findElement(By.id("retry")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-task-field=status]")).getText().equals("completed"));
        assertEquals(TaskStatus.COMPLETED, fx.service.get(flaky).status());
        screenshot("task");
    }

    @Test
    void r50r63SignInOpenSchedulesAndSeeTheNextFire() throws IOException {
        fx.service.schedule("hourly", "mail", dev.taskhost.api.Schedule.every(Duration.ofHours(1)), new byte[] {1});
        String nextFire = fx.service.listSchedules().stream().filter(s -> s.name().equals("hourly")).findFirst()
                .orElseThrow().nextFire().orElseThrow().toString();
        browser.get(fx.console.uri().toString());
        signIn();
        browser.findElement(By.cssSelector("a[href$='/owners/shop/schedules']")).click();
        wait.until(d -> "schedules".equals(d.findElement(By.tagName("body")).getAttribute("data-page")));
        List<WebElement> cells = browser.findElement(By.cssSelector("tr[data-schedule='hourly']"))
                .findElements(By.tagName("td"));
        assertEquals("mail", cells.get(1).getText());
        assertEquals(nextFire, cells.get(3).getText(), "the next fire the service gives");
        screenshot("schedules");
    }

    @Test
    void r62r63PauseAndResumeAQueue() throws IOException {
        for (int i = 0; i < 3; i++) {
            fx.awaitStatus(fx.enqueue("mail", "sent " + i), TaskStatus.COMPLETED);
        }
        fx.awaitStatus(fx.enqueue("mail", "fail:mailbox full"), TaskStatus.FAILED);
        signIn();
        browser.findElement(By.linkText("mail")).click();
        browser.findElement(By.id("pause")).click();
        wait.until(d -> d.findElement(By.cssSelector("h1 [data-paused]")).getText().equals("paused"));
        assertTrue(fx.host.operator().queue("shop", "mail").orElseThrow().summary().paused());
        String waiting = fx.enqueue("mail", "waits for resume");
        wait.until(d -> d.findElement(By.cssSelector("[data-count][data-status=PENDING]")).getText().equals("1"));
        screenshot("queue");
        browser.findElement(By.id("resume")).click();
        wait.until(d -> d.findElement(By.cssSelector("h1 [data-paused]")).getText().equals("active"));
        fx.awaitStatus(waiting, TaskStatus.COMPLETED);
        assertFalse(fx.host.operator().queue("shop", "mail").orElseThrow().summary().paused());
    }

    @Test
    void r61ATaskWhoseMessageIsAnXssPayloadInjectsNothing() {
        String[] payloads = {
            "<img src=x onerror=\"window.__xss=1;alert(1)\">",
            "<script>window.__xss=2;alert(2)</script>",
            "</textarea><svg onload=\"window.__xss=3;alert(3)\"></svg>",
            "\" autofocus onfocus=\"window.__xss=4;alert(4)\" x=\"",
        };
        List<String> ids = new java.util.ArrayList<>();
        for (String payload : payloads) {
            String id = fx.enqueue("mail", "fail:" + payload);
            fx.awaitStatus(id, TaskStatus.FAILED);
            ids.add(id);
        }
        signIn();
        for (String page : List.of("/", "/owners/shop/queues/mail?status=FAILED")) {
            browser.get(fx.console.uri().resolve(page).toString());
            assertInjectedNothing(page);
        }
        for (int i = 0; i < ids.size(); i++) {
            browser.get(fx.console.uri().resolve("/owners/shop/tasks/" + ids.get(i)).toString());
            assertEquals(payloads[i], browser.findElement(By.cssSelector("pre.message")).getText(),
                    "the payload is shown as text");
            assertInjectedNothing(ids.get(i));
        }
    }

    private void assertInjectedNothing(String where) {
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "a dialog opened on " + where);
        assertTrue(browser.findElements(By.cssSelector("img, main script, main svg[onload], [onfocus], [onerror]"))
                .isEmpty(), "an injected element on " + where);
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.__xss === undefined ? null "
                + ": window.__xss;"), "injected script ran on " + where);
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, name + " screenshot looks blank: " + colours.size() + " colours");
    }
}
