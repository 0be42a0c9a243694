using Microsoft.Playwright;

namespace RoutingCore.Testing;

/// <summary>
/// Debian's chromium, headless, driven by Playwright with the system browser (no browser download). The tests never install
/// it: <c>.ci/run</c> does (<c>apt-get install chromium</c>); without it a browser test fails saying so, it is not skipped.
/// Linked into each test project that drives a browser.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string Path = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(Path))
        {
            Assert.Fail($"The browser tests need Debian's chromium at {Path}: install it with 'apt-get install -y chromium' (.ci/run does).");
        }

        IPlaywright playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox"], // CI runs as root, where chromium's sandbox cannot start
        });
    }
}
