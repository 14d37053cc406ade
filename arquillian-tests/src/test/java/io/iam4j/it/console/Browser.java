package io.iam4j.it.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's ChromeDriver, for the console's browser tests.
 *
 * <p>Browser and driver are named explicitly ({@code it.chromium}, {@code webdriver.chrome.driver}, set
 * by the failsafe configuration; /usr/bin/chromium and /usr/bin/chromedriver otherwise), so Selenium
 * Manager never runs and nothing is downloaded. The flags are those that work on a machine without
 * outside network: without the background-networking ones Chromium keeps opening connections that
 * the machine refuses. Each browser gets a fresh profile under {@code target/}.
 *
 * <p>Timings are taken by the browser's own clock ({@code performance.timeOrigin + performance.now()},
 * the Navigation Timing entry of a loaded page), not by the test's JVM, and appended to
 * {@code target/console-timings.txt}, one line per page load or action, tagged with the test's name.
 * Screenshots go to {@code target/console-screenshots/NAME.png}.
 */
final class Browser implements AutoCloseable {
  static final Path TARGET = Path.of(System.getProperty("it.tmp", "target"));
  static final Path SCREENSHOTS = TARGET.resolve("console-screenshots");
  static final Path TIMINGS = TARGET.resolve("console-timings.txt");
  static final Duration WAIT = Duration.ofSeconds(20);
  /** The tallest screenshot taken, in pixels. */
  static final int SHOT_MAX_HEIGHT = 2400;
  /** How often a wait polls the page: also the precision of an "observed" time. */
  static final Duration POLL = Duration.ofMillis(20);

  /** The page is loaded: the app's {@code main#content} says so, or the shell shows only the sign-in form. */
  private static final String READY_JS = """
      if (document.readyState !== 'complete') return false;
      const main = document.querySelector('main#content');
      if (main && main.dataset.ready === 'true') return true;
      const form = document.querySelector('form#signin');
      return !!form && form.offsetParent !== null;
      """;

  /**
   * Selenium warns at every start that it has no DevTools binding for this Chromium's exact version:
   * these tests speak only WebDriver, never DevTools, so the warning says nothing about them.
   */
  private static final java.util.logging.Logger CDP_FINDER = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_FINDER.setLevel(java.util.logging.Level.SEVERE);
  }

  private final ChromeDriver driver;
  private final Path profile;
  private String test = "?";

  Browser() {
    try {
      Files.createDirectories(SCREENSHOTS);
      profile = Files.createTempDirectory(Files.createDirectories(TARGET), "chromium-profile-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path chromium = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));
    Path chromedriver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
    for (Path p : List.of(chromium, chromedriver)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(p + " is missing: the console's browser tests need Debian's packages chromium and "
            + "chromium-driver (.ci/run installs them; or apt-get install chromium chromium-driver)");
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .withLogOutput(java.io.OutputStream.nullOutputStream())
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 900));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  /** Names the test whose timings and screenshots follow. */
  void test(String name) {
    this.test = name;
  }

  WebDriver driver() {
    return driver;
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> findAll(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits (polling every {@link #POLL}) until {@code condition} gives something other than null or false. */
  <T> T await(String what, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, WAIT, POLL);
    wait.withMessage(() -> what + " (page " + driver.getCurrentUrl() + ")");
    try {
      return wait.until(condition);
    } catch (TimeoutException e) {
      shot("FAILED-" + test + "-" + what.replaceAll("[^A-Za-z0-9]+", "_"));
      throw e;
    }
  }

  /** Waits until the element {@code css} is shown. */
  WebElement shown(String css) {
    return await(css + " shown", d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /** Waits until the element {@code css} is shown with text containing {@code text}. */
  WebElement shownWith(String css, String text) {
    return await(css + " shows '" + text + "'", d -> d.findElements(By.cssSelector(css)).stream()
        .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
  }

  boolean ready() {
    return Boolean.TRUE.equals(js(READY_JS));
  }

  /**
   * Loads {@code url} as a fresh document and waits until it is ready; records its Navigation Timing
   * (response end, DOMContentLoaded end, load end) and when the console said it was ready, all in
   * milliseconds from the navigation's start.
   */
  void open(String url, String step) {
    driver.get(url);
    await("page ready", d -> ready() ? Boolean.TRUE : null);
    recordLoad(step);
  }

  @SuppressWarnings("unchecked")
  private void recordLoad(String step) {
    Map<String, Object> t = (Map<String, Object>) js("""
        const n = performance.getEntriesByType('navigation')[0];
        return {responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd,
                loadEventEnd: n.loadEventEnd, ready: performance.now(), transferSize: n.transferSize};
        """);
    timing(step, "load", String.format(Locale.ROOT, "responseEnd=%.1fms domContentLoaded=%.1fms loadEventEnd=%.1fms ready=%.1fms",
        num(t.get("responseEnd")), num(t.get("domContentLoaded")), num(t.get("loadEventEnd")), num(t.get("ready"))));
  }

  /**
   * Goes to the console's route {@code hash} (e.g. {@code #/users}) inside the running app and waits
   * until the page is ready again. The test clears {@code data-ready} first: the app sets it to "true"
   * once the new page has loaded, so a stale "true" of the previous page is never mistaken for it.
   */
  void route(String hash, String step) {
    // Already there, setting the hash changes nothing (no hashchange): the page is only waited for.
    action(step, () -> js("""
        if (location.hash === arguments[0]) return;
        const main = document.querySelector('main#content');
        if (main) main.dataset.ready = 'false';
        location.hash = arguments[0];
        """, hash), d -> ready() ? Boolean.TRUE : null);
  }

  /** Reloads the current URL as a fresh document (a bookmark or F5) and waits until it is ready; records its load. */
  void reload(String step) {
    driver.navigate().refresh();
    await("page ready after reload", d -> ready() ? Boolean.TRUE : null);
    recordLoad(step);
  }

  /** The name of the page shown ({@code body[data-page]}). */
  String page() {
    return (String) js("return document.body.dataset.page || '';");
  }

  /**
   * Clicks {@code css} and waits until the page is ready again (an in-app navigation: the test clears
   * {@code data-ready} first, as for {@link #route}).
   */
  void clickToPage(String css, String step) {
    WebElement e = find(css);
    action(step, () -> {
      js("const m = document.querySelector('main#content'); if (m) m.dataset.ready = 'false';");
      e.click();
    }, d -> ready() ? Boolean.TRUE : null);
  }

  /**
   * Runs {@code action} and waits for {@code done}, timing it by the browser's clock: from just before
   * the action to the last change of the page's DOM before {@code done} was seen ("settled"), and to
   * when it was seen ("observed", at most one {@link #POLL} later). When the action loaded a new
   * document (a form post), the time runs to that document's ready point and its Navigation Timing is
   * recorded as well.
   */
  <T> T action(String step, Runnable action, Function<WebDriver, T> done) {
    String mark = Long.toString(System.nanoTime());
    double start = num(js("""
        window.__iam4jMark = arguments[0];
        window.__iam4jSettled = 0;
        if (window.__iam4jObserver) window.__iam4jObserver.disconnect();
        window.__iam4jObserver = new MutationObserver(() => { window.__iam4jSettled = performance.timeOrigin + performance.now(); });
        window.__iam4jObserver.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
        return performance.timeOrigin + performance.now();
        """, mark));
    action.run();
    T result = await(step, done);
    @SuppressWarnings("unchecked")
    Map<String, Object> end = (Map<String, Object>) js("""
        return {same: window.__iam4jMark === arguments[0], settled: window.__iam4jSettled || 0,
                now: performance.timeOrigin + performance.now()};
        """, mark);
    double observed = num(end.get("now")) - start;
    if (Boolean.TRUE.equals(end.get("same"))) {
      double settled = num(end.get("settled")) > 0 ? num(end.get("settled")) - start : observed;
      timing(step, "action", String.format(Locale.ROOT, "settled=%.1fms observed=%.1fms", settled, observed));
    } else {
      timing(step, "action", String.format(Locale.ROOT, "newDocument observed=%.1fms", observed));
      recordLoad(step);
    }
    return result;
  }

  /** Replaces an input's or textarea's value by typing {@code text}, key by key, as a user would. */
  void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * Saves a screenshot of the whole page (up to {@link #SHOT_MAX_HEIGHT} pixels: the window is made as
   * tall as the document for the shot, then put back) as {@code target/console-screenshots/NAME.png}.
   */
  Path shot(String name) {
    Dimension before = driver.manage().window().getSize();
    try {
      long chrome = ((Number) js("return window.outerHeight - window.innerHeight;")).longValue();
      long height = ((Number) js("return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);")).longValue();
      int tall = (int) Math.min(SHOT_MAX_HEIGHT, Math.max(before.getHeight(), height + chrome));
      if (tall != before.getHeight()) {
        driver.manage().window().setSize(new Dimension(before.getWidth(), tall));
      }
      Path tmp = driver.getScreenshotAs(OutputType.FILE).toPath();
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException | RuntimeException e) {
      // A failed screenshot must not hide the test's own result.
      System.err.println("screenshot " + name + " failed: " + e);
      return null;
    } finally {
      try {
        if (!driver.manage().window().getSize().equals(before)) {
          driver.manage().window().setSize(before);
        }
      } catch (RuntimeException e) {
        System.err.println("window size not restored after screenshot " + name + ": " + e);
      }
    }
  }

  void timing(String step, String kind, String values) {
    String line = String.join("\t", test, step, kind, values) + System.lineSeparator();
    try {
      Files.writeString(TIMINGS, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove " + profile + ": " + e);
      }
    }
  }
}
