using System.Text;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using PolicyRules.Server;

namespace PolicyRules.Server.Tests;

/// <summary>
/// The explorer in a real browser: headless Chromium from the system's packages (.ci/install-chromium.sh), driven by
/// Selenium, against <c>policyrules serve</c> on loopback. With POLICYRULES_SCREENSHOTS=folder it also saves a
/// screenshot of each page there (docs/images/ in the README).
/// </summary>
// 邯政办字〔2017〕107号 §二: 一级地段 25 元 a square metre a year, so 1000 m² of grade 1 is 25000 元; in force from 2017-08-16.
public sealed class BrowserTests
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("POLICYRULES_CHROMIUM") ?? "/usr/bin/chromium";
    private static readonly string ChromeDriver = Environment.GetEnvironmentVariable("POLICYRULES_CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    [Fact]
    public async Task The_explorer_answers_land_use_tax_parcel_quotes_the_provision_and_copies_a_scenario_that_policyrules_test_passes()
    {
        await using var server = await Server.Start(new ServeOptions(TestPaths.Package) { Port = 0 });
        var baseUri = server.Address;
        var shots = Environment.GetEnvironmentVariable("POLICYRULES_SCREENSHOTS");
        var scenarioDir = TestPaths.CopyOfRules();
        try
        {
            using var driver = StartBrowser();
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));

            // The explorer: documents -> sections with their text -> the rules citing them.
            driver.Navigate().GoToUrl(baseUri);
            var section = wait.Until(d => d.FindElements(By.CssSelector("[data-document=hz107] [data-section='二']")).FirstOrDefault());
            Assert.Contains("一级地段 25 元", section.Text);
            Assert.NotEmpty(driver.FindElements(By.CssSelector(".section.uncited")));
            // Every reform the package's scenarios name loads, so there is nothing to report.
            Assert.False(driver.FindElement(By.Id("reform-errors")).Displayed);
            Screenshot(driver, shots, "explorer.png");

            section.FindElement(By.CssSelector("a[href='/modules/land_use_tax_parcel']")).Click();

            // The module page and its "try it" form, generated from the module's inputs.
            var form = wait.Until(d => d.FindElements(By.Id("try-form")).FirstOrDefault());
            Assert.Contains("地段等级", form.Text);
            ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].value = arguments[1]", driver.FindElement(By.Id("at")), "2017-09-01");
            driver.FindElement(By.Id("in-grade")).SendKeys("1");
            driver.FindElement(By.Id("in-area_m2")).SendKeys("1000");
            driver.FindElement(By.Id("evaluate")).Click();
            var tax = wait.Until(d => d.FindElements(By.CssSelector("[data-output=annual_tax]")).FirstOrDefault());
            Assert.Equal("25000 元", tax.Text);
            var step = driver.FindElement(By.CssSelector("[data-step=rate_per_m2]"));
            Assert.Contains("邯政办字〔2017〕107号 §二", step.Text);
            Assert.Contains("一级地段 25 元，二级地段 18 元", step.FindElement(By.CssSelector(".quote")).Text);
            Screenshot(driver, shots, "module.png");

            // "Copy as scenario", then the copied block through the scenario runner, unchanged.
            driver.FindElement(By.Id("copy-scenario")).Click();
            var scenario = wait.Until(d => d.FindElements(By.Id("scenario-text")).FirstOrDefault()).Text;
            Assert.Contains("年应纳税额 = 25000 元", scenario);
            Screenshot(driver, shots, "scenario.png");
            Directory.CreateDirectory(Path.Combine(scenarioDir, "scenarios"));
            await File.WriteAllTextAsync(Path.Combine(scenarioDir, "scenarios", "copied.scenario"), scenario + "\n", new UTF8Encoding(false));
            var testOutput = new StringWriter();
            var exit = PolicyRules.Cli.Cli.Run(["test", scenarioDir], new StringReader(""), testOutput, testOutput);
            Assert.True(exit == 0, testOutput.ToString());
            // The copied scenario is written with Chinese keywords (场景, 已知, 预期), so the summary is in Chinese.
            Assert.EndsWith("通过 1 个，未通过 0 个", testOutput.ToString().TrimEnd());

            // The English switch.
            driver.FindElement(By.Id("lang")).Click();
            wait.Until(d => d.FindElement(By.Id("evaluate")).Text == "Evaluate");
            Assert.Equal("中文", driver.FindElement(By.Id("lang")).Text);
            if (shots is not null)
            {
                driver.Navigate().GoToUrl(baseUri);
                wait.Until(d => d.FindElements(By.CssSelector("[data-document=hz107]")).Count > 0);
                Screenshot(driver, shots, "explorer-en.png");
            }
            driver.FindElement(By.Id("lang")).Click();
        }
        finally
        {
            Directory.Delete(scenarioDir, recursive: true);
        }
    }

    [Fact]
    public async Task Under_watch_a_broken_edit_shows_its_diagnostics_on_the_page_while_the_last_good_package_answers()
    {
        var dir = TestPaths.CopyOfRules();
        try
        {
            await using var server = await Server.Start(new ServeOptions(dir) { Port = 0, Watch = true, WatchDelay = TimeSpan.FromMilliseconds(100) });
            using var driver = StartBrowser();
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
            driver.Navigate().GoToUrl(new Uri(server.Address, "modules/land_use_tax_parcel?at=2017-09-01&grade=1&area_m2=1000"));
            Assert.Equal("25000 元", wait.Until(d => d.FindElements(By.CssSelector("[data-output=annual_tax]")).FirstOrDefault()).Text);
            Assert.False(driver.FindElement(By.Id("banner")).Displayed);

            var file = Path.Combine(dir, "hz107.rules");
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, text.Replace("requires grade >= 1 and grade <= 5", "requires grade >= 1 and grade <= "));
            var banner = wait.Until(d => d.FindElement(By.Id("banner")).Displayed ? d.FindElement(By.Id("banner")) : null);
            // In the page's language (Chinese first), as the service writes them for ?lang=zh.
            Assert.Contains("hz107.rules 第", banner.Text);
            Assert.Contains("错误 PR", banner.Text);
            var before = driver.FindElement(By.Id("answer"));
            driver.FindElement(By.Id("evaluate")).Click();
            wait.Until(_ => IsStale(before));
            Assert.Equal("25000 元", wait.Until(d => d.FindElements(By.CssSelector("[data-output=annual_tax]")).FirstOrDefault()).Text);
            Screenshot(driver, Environment.GetEnvironmentVariable("POLICYRULES_SCREENSHOTS"), "diagnostics.png");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_scenario_whose_reform_does_not_load_is_listed_on_the_overview_which_links_to_its_module_page_where_it_is_marked_not_run_in_both_languages()
    {
        var dir = TestPaths.CopyWithBrokenReform();
        // 邯政办字〔2017〕107号 §二: 一级地段 25 元 a square metre, so 1000 m² is 25000 元 (in force from 2017-08-16).
        File.WriteAllText(Path.Combine(dir, "scenarios", "plain.scenario"), """
            scenario "the rate of §二, no reform"
              module land_use_tax_parcel
              at 2017-09-01
              given
                grade = 1
                area_m2 = 1000
              expect
                annual_tax = 25000 元
            """);
        try
        {
            await using var server = await Server.Start(new ServeOptions(dir) { Port = 0 });
            using var http = new HttpClient { BaseAddress = server.Address };
            async Task<string> Located(string lang)
            {
                var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/status?lang=" + lang)).RootElement;
                var failed = Assert.Single(status.GetProperty("reform_errors").EnumerateArray());
                return Assert.Single(failed.GetProperty("errors").EnumerateArray()).GetProperty("text").GetString()!;
            }
            var zh = await Located("zh");
            var en = await Located("en");
            Assert.StartsWith("reforms/broken.reform 第7行", zh);
            Assert.StartsWith("reforms/broken.reform(7,", en);

            using var driver = StartBrowser();
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
            wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));

            // The overview: a block under its own heading naming the scenario file, the reform and the located message.
            driver.Navigate().GoToUrl(server.Address);
            var block = wait.Until(d => d.FindElements(By.CssSelector("#reform-errors .reform-error")).FirstOrDefault());
            var section = driver.FindElement(By.Id("reform-errors"));
            Assert.True(section.Displayed);
            Assert.Equal("zh-CN", driver.FindElement(By.TagName("html")).GetDomAttribute("lang"));
            Assert.Equal("reform-errors-heading", section.GetDomAttribute("aria-labelledby"));
            Assert.Equal("无法加载的改革", section.FindElement(By.Id("reform-errors-heading")).Text);
            Assert.Equal("h2", section.FindElement(By.Id("reform-errors-heading")).TagName);
            Assert.Equal("场景文件 scenarios/broken.scenario · 改革 reforms/broken.reform", block.FindElement(By.TagName("h3")).Text);
            Assert.Equal(zh, block.FindElement(By.CssSelector("ul.messages li")).Text);
            // It links to the page of the module its scenario tests, by the module's label.
            Assert.Equal("受影响的规则模块：城镇土地使用税（单宗地）", block.FindElement(By.CssSelector("p.modules")).Text);
            Screenshot(driver, Environment.GetEnvironmentVariable("POLICYRULES_SCREENSHOTS"), "reform-errors.png");

            // The link lands on the module page's scenarios: the one under the broken reform did not run, and says why;
            // the other one is not marked.
            block.FindElement(By.CssSelector("p.modules a[data-module=land_use_tax_parcel]")).Click();
            var broken = wait.Until(d => d.FindElements(By.CssSelector("#scenarios li[data-scenario='under a broken reform']")).FirstOrDefault());
            Assert.Equal(new Uri(server.Address, "modules/land_use_tax_parcel#scenarios").ToString(), driver.Url);
            Assert.Contains("not-run", broken.GetDomAttribute("class") ?? "");
            Assert.Equal("未运行", broken.FindElement(By.CssSelector(".tag.warn")).Text);
            Assert.Equal("改革 reforms/broken.reform 无法加载，本场景没有运行：", broken.FindElement(By.CssSelector(".reason p")).Text);
            Assert.Equal(zh, broken.FindElement(By.CssSelector(".reason ul.messages li")).Text);
            var plain = driver.FindElement(By.CssSelector("#scenarios li[data-scenario='the rate of §二, no reform']"));
            Assert.DoesNotContain("not-run", plain.GetDomAttribute("class") ?? "");
            Assert.Empty(plain.FindElements(By.CssSelector(".reason, .tag.warn")));
            Screenshot(driver, Environment.GetEnvironmentVariable("POLICYRULES_SCREENSHOTS"), "reform-not-run.png");

            // The same in English, by the page's switch.
            driver.FindElement(By.Id("lang")).Click();
            wait.Until(d => d.FindElements(By.CssSelector("#scenarios li.not-run .tag.warn")).FirstOrDefault()?.Text == "did not run");
            Assert.Equal("en", driver.FindElement(By.TagName("html")).GetDomAttribute("lang"));
            broken = driver.FindElement(By.CssSelector("#scenarios li[data-scenario='under a broken reform']"));
            Assert.Equal("The reform reforms/broken.reform does not load, so this scenario did not run:", broken.FindElement(By.CssSelector(".reason p")).Text);
            Assert.Equal(en, broken.FindElement(By.CssSelector(".reason ul.messages li")).Text);

            driver.FindElement(By.Id("nav-explorer")).Click();
            block = wait.Until(d => d.FindElements(By.CssSelector("#reform-errors .reform-error")).FirstOrDefault());
            Assert.Equal("Reforms that do not load", driver.FindElement(By.Id("reform-errors-heading")).Text);
            Assert.Equal("Scenario file scenarios/broken.scenario · reform reforms/broken.reform", block.FindElement(By.TagName("h3")).Text);
            Assert.Equal(en, block.FindElement(By.CssSelector("ul.messages li")).Text);
            Assert.Equal("Modules whose scenarios did not run: 城镇土地使用税（单宗地）", block.FindElement(By.CssSelector("p.modules")).Text);
            block.FindElement(By.CssSelector("p.modules a[data-module=land_use_tax_parcel]")).Click();
            broken = wait.Until(d => d.FindElements(By.CssSelector("#scenarios li.not-run[data-scenario='under a broken reform']")).FirstOrDefault());
            Assert.Equal("/modules/land_use_tax_parcel", new Uri(driver.Url).AbsolutePath);
            Assert.Equal("did not run", broken.FindElement(By.CssSelector(".tag.warn")).Text);
            Assert.Equal(en, broken.FindElement(By.CssSelector(".reason ul.messages li")).Text);
            driver.FindElement(By.Id("lang")).Click();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Under_watch_the_overview_drops_a_reform_failure_once_the_scenario_no_longer_names_the_reform()
    {
        var dir = TestPaths.CopyWithBrokenReform();
        try
        {
            await using var server = await Server.Start(new ServeOptions(dir) { Port = 0, Watch = true, WatchDelay = TimeSpan.FromMilliseconds(100) });
            using var driver = StartBrowser();
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
            driver.Navigate().GoToUrl(server.Address);
            var block = wait.Until(d => d.FindElements(By.CssSelector("#reform-errors .reform-error")).FirstOrDefault());
            Assert.Equal("reforms/broken.reform", block.GetDomAttribute("data-reform"));

            // 邯政办字〔2017〕107号 §二: 一级地段 25 元 a square metre, so 1000 m² is 25000 元 (in force from 2017-08-16).
            await File.WriteAllTextAsync(Path.Combine(dir, "scenarios", "broken.scenario"), """
                scenario "no reform any more"
                  module land_use_tax_parcel
                  at 2017-09-01
                  given
                    grade = 1
                    area_m2 = 1000
                  expect
                    annual_tax = 25000 元
                """);
            wait.Until(d => !d.FindElement(By.Id("reform-errors")).Displayed);
            Assert.Empty(driver.FindElements(By.CssSelector("#reform-errors .reform-error")));
            Assert.False(driver.FindElement(By.Id("banner")).Displayed);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool IsStale(IWebElement element)
    {
        try { _ = element.Enabled; return false; }
        catch (StaleElementReferenceException) { return true; }
    }

    private static ChromeDriver StartBrowser()
    {
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriver))
            Assert.Fail($"the browser test needs headless Chromium and its driver at {Chromium} and {ChromeDriver}: " +
                "install them with 'bash .ci/install-chromium.sh' (apt-get install chromium chromium-driver), or point " +
                "POLICYRULES_CHROMIUM and POLICYRULES_CHROMEDRIVER at them");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary><c>policyrules serve</c>'s own entry, on a free loopback port, stopped (and its exit code checked) on dispose.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task<int> _run = Task.FromResult(0);
        public Uri Address { get; private set; } = null!;

        public static async Task<Server> Start(ServeOptions options)
        {
            var server = new Server();
            var address = new TaskCompletionSource<Uri>();
            var output = new StringWriter();
            server._run = Task.Run(() => ServeCommand.RunAsync(options, output, output, server._stop.Token, address.SetResult));
            var first = await Task.WhenAny(address.Task, server._run, Task.Delay(TimeSpan.FromSeconds(60)));
            if (first != address.Task) Assert.Fail("policyrules serve did not start: " + output);
            server.Address = address.Task.Result;
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            Assert.Equal(0, await _run.WaitAsync(TimeSpan.FromSeconds(30)));
            _stop.Dispose();
        }
    }

    private static void Screenshot(ChromeDriver driver, string? folder, string name)
    {
        if (folder is null) return;
        Directory.CreateDirectory(folder);
        ((IJavaScriptExecutor)driver).ExecuteScript("window.scrollTo(0, 0)");
        var height = Convert.ToInt32(((IJavaScriptExecutor)driver).ExecuteScript("return Math.min(document.documentElement.scrollHeight, 2400)"));
        var size = driver.Manage().Window.Size;
        driver.Manage().Window.Size = new System.Drawing.Size(1280, height + 120);
        Thread.Sleep(300);
        driver.GetScreenshot().SaveAsFile(Path.Combine(folder, name));
        driver.Manage().Window.Size = size;
    }
}
