using System.Diagnostics;
using Dex.Tests.Local;
using Dex.Tests.Support;
using Microsoft.Playwright;

namespace Dex.Tests.Console;

/// <summary>
/// Dex.Local on a real port (<see cref="LocalHostFixture"/>) and a headless Debian Chromium driven by Playwright.
/// Playwright's own browser download is never used: the browser is /usr/bin/chromium, installed by
/// tools/ensure-chromium.sh when missing. If it cannot be installed the fixture fails with the reason: no silent skip.
/// </summary>
public sealed class ConsoleBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Flags that keep Chromium quiet on a closed network (Playwright adds --headless and its own fresh user-data-dir).</summary>
    public static readonly IReadOnlyList<string> ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public LocalHostFixture Local { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => Local.BaseUrl;

    /// <summary>TestResults/screenshots under the repository root (the folder holding Dex.sln).</summary>
    public static string ScreenshotDirectory => Path.Combine(RepoPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        EnsureChromium();
        await Local.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = [.. ChromiumArgs],
            Timeout = 60_000,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Local.DisposeAsync();
    }

    /// <summary>A fresh browser context (own storage) with generous timeouts for a slow machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-US" });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>Runs tools/ensure-chromium.sh when Chromium is missing; throws with its output when that does not help.</summary>
    internal static void EnsureChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        var script = Path.Combine(RepoPaths.Root, "tools", "ensure-chromium.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing and {script} was not found to install it.");
        }

        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash to run " + script);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not finish within 10 minutes; Chromium is needed for the console browser tests.");
        }

        if (process.ExitCode != 0 || !File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The console browser tests need Chromium at {ChromiumPath}. Running {script} failed (exit code {process.ExitCode}). " +
                $"Install it with 'apt-get install -y chromium' (as root).{Environment.NewLine}{stdout.Result}{stderr.Result}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleBrowserCollection : ICollectionFixture<ConsoleBrowserFixture>
{
    public const string Name = "Console browser";
}
