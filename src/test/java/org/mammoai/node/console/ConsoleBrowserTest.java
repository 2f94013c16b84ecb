package org.mammoai.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.NodeConfigStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.ApiCredentials;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, driven by Selenium): sign in, add a destination
 * (a typo refused first), see a study sent through DICOM appear on the dashboard, open it and see its overlay,
 * see the new destination receive its report, C-ECHO and remove it, and upload-to-infer with a good and a broken
 * picture. Screenshots of each page go to target/screenshots.
 */
@QuarkusTest
class ConsoleBrowserTest {
    static final String BASE = "http://127.0.0.1:8089";
    static final Path SHOTS = Path.of("target/screenshots");
    static final int STORESCP_PORT = 11273;
    static WebDriver browser;
    static Process storescp;

    @Inject
    NodeConfigStore configs;
    Device original;

    @BeforeEach
    void remember() {
        original = configs.current();
    }

    @AfterEach
    void restore() {
        configs.replace(original);
        if (storescp != null) storescp.destroy();
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) browser.quit();
    }

    @Test
    void aRadiographerSignsInSeesTheStudyAndItsOverlayAndUploadsAPicture() throws Exception {
        browser.get(BASE + "/console");
        assertThat(browser.getCurrentUrl()).as("strangers go to the login form").endsWith("/login");
        shot("1-login");
        browser.findElement(By.id("j_username")).sendKeys(ApiCredentials.ADMIN);
        browser.findElement(By.id("j_password")).sendKeys("not-the-password");
        browser.findElement(By.id("sign-in")).click();
        assertThat(shown(By.id("login-failed")).getText()).contains("Wrong");
        browser.findElement(By.id("j_username")).sendKeys(ApiCredentials.ADMIN);
        browser.findElement(By.id("j_password")).sendKeys(ApiCredentials.ADMIN_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        assertThat(shown(By.id("nav-dashboard")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");

        // IT adds a destination (a typo first: refused with the reason), which the next results then go to
        Path received = Files.createTempDirectory("browser-pacs");
        storescp = new ProcessBuilder("storescp", "-aet", "BROWSER_PACS", "-od", received.toString(), Integer.toString(STORESCP_PORT))
                .redirectErrorStream(true).redirectOutput(received.resolveSibling(received.getFileName() + ".log").toFile()).start();
        Tool.awaitPort(STORESCP_PORT);
        browser.get(BASE + "/console/configuration");
        addDestination("12O73");
        assertThat(shown(By.id("config-error")).getText()).contains("port '12O73' is not a number");
        addDestination(Integer.toString(STORESCP_PORT));
        assertThat(shown(By.id("saved")).getText()).contains("Saved");
        assertThat(browser.findElement(By.cssSelector("tr.destination[data-name='browser']")).isDisplayed()).isTrue();
        shot("5-configuration");

        // a study arrives through DICOM and shows up on the dashboard
        Path dir = Files.createTempDirectory("console");
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").size(512, 400).phantom().patient("CONSOLE-1", "Console^Test");
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST", image.write(dir).toString()).ok()).isTrue();
        WebElement row = waitFor(() -> {
            browser.get(BASE + "/console");
            var rows = browser.findElements(By.cssSelector("tr.study[data-study='" + image.studyUid() + "']"));
            return rows.isEmpty() ? null : rows.get(0);
        });
        assertThat(row.getText()).contains("Console^Test").contains("CONSOLE-1");
        assertThat(browser.findElement(By.id("listener")).getText()).isEqualTo("listening");
        assertThat(browser.findElement(By.id("models")).getText()).contains("mammography");
        assertThat(browser.findElement(By.id("retention")).getText()).as("not set in the test profile")
                .isEqualTo("off");
        shot("2-dashboard");

        // its page: the overlay once analysed, the findings, the result objects
        row.findElement(By.tagName("a")).click();
        WebElement overlay = waitFor(() -> {
            browser.navigate().refresh();
            var imgs = browser.findElements(By.cssSelector("img.overlay"));
            return imgs.isEmpty() ? null : imgs.get(0);
        });
        Long width = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", overlay);
        assertThat(width).as("the overlay image loaded").isEqualTo(400L);
        assertThat(browser.findElement(By.id("images")).getText()).contains("L CC").contains("TID1500_SR");
        shot("3-study");

        browser.get(BASE + "/console/failures");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Failures");
        shot("4-failures");

        // the new destination got the study's measurement report
        waitFor(() -> received.toFile().listFiles(java.io.File::isFile).length > 0 ? Boolean.TRUE : null);
        assertThat(Tool.run("dcmdump", received.toFile().listFiles(java.io.File::isFile)[0].toString()).output()).contains(image.studyUid());

        // configuration: a C-ECHO to a destination that is down says so, one that listens answers; then it is removed
        browser.get(BASE + "/console/configuration");
        browser.findElement(By.cssSelector("tr.destination[data-name='offline'] button.echo")).click();
        assertThat(shown(By.id("echo-outcome")).getText()).contains("offline").contains("cannot connect");
        browser.findElement(By.cssSelector("tr.destination[data-name='browser'] button.echo")).click();
        assertThat(shownWith(By.id("echo-outcome"), "BROWSER_PACS").getText()).contains("C-ECHO answered by BROWSER_PACS");
        browser.findElement(By.cssSelector("tr.destination[data-name='browser'] button.remove")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(org.openqa.selenium.support.ui.ExpectedConditions
                .numberOfElementsToBe(By.cssSelector("tr.destination[data-name='browser']"), 0));

        // upload-to-infer: a drawn ultrasound frame gets a class and an overlay; a broken picture a clear error
        browser.get(BASE + "/console/upload");
        browser.findElement(By.id("file")).sendKeys(ultrasoundPicture(dir).toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#modality option[value='ultrasound']")).click();
        browser.findElement(By.id("analyse")).click();
        assertThat(shown(By.id("upload-class")).getText()).isIn("NORMAL", "BENIGN", "MALIGNANT");
        Long uploaded = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.getElementById('upload-overlay').naturalWidth");
        assertThat(uploaded).isEqualTo(320L);
        shot("6-upload");
        Path broken = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});
        browser.findElement(By.id("file")).sendKeys(broken.toAbsolutePath().toString());
        browser.findElement(By.id("analyse")).click();
        assertThat(shown(By.id("upload-error")).getText()).contains("not a PNG or JPEG picture");

        browser.findElement(By.id("sign-out")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/login"));
        browser.get(BASE + "/console");
        assertThat(browser.getCurrentUrl()).as("signed out: back to the form").endsWith("/login");
    }

    /** Fills the new-destination row: 'browser', BROWSER_PACS on localhost, measurement reports only. */
    private static void addDestination(String port) {
        browser.findElement(By.cssSelector("#new-destination input[name='name']")).sendKeys("browser");
        browser.findElement(By.cssSelector("#new-destination input[name='aeTitle']")).sendKeys("BROWSER_PACS");
        browser.findElement(By.cssSelector("#new-destination input[name='host']")).sendKeys("127.0.0.1");
        browser.findElement(By.cssSelector("#new-destination input[name='port']")).sendKeys(port);
        for (String type : new String[] {"SEG", "CAD_SR"}) {
            browser.findElement(By.cssSelector("#new-destination input[name='results'][value='" + type + "']")).click();
        }
        browser.findElement(By.id("add-destination")).click();
    }

    /** Speckle with a dark oval in the middle, as a hypoechoic mass looks, 320 x 240. */
    private static Path ultrasoundPicture(Path dir) throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(3);
        for (int y = 0; y < 240; y++) for (int x = 0; x < 320; x++) img.getRaster().setSample(x, y, 0, 80 + random.nextInt(90));
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 20));
        g.fillOval(110, 90, 100, 60);
        g.dispose();
        Path file = dir.resolve("ultrasound.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** The element once the page that has it is shown (a form's answer loads after click() returns). */
    private static WebElement shown(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(what));
    }

    /** The element once it shows this text (the page after a form may have the same element with other words). */
    private static WebElement shownWith(By what, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(what, text));
        return browser.findElement(what);
    }

    private static <T> T waitFor(java.util.function.Supplier<T> found) {
        return new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(500)).until(d -> found.get());
    }

    private static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
