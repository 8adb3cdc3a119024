using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.EndToEnd;

public sealed class BrowserSetupTests
{
    [Fact]
    public async Task A_missing_chromium_fails_the_browser_tests_with_the_command_that_installs_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-chromium-{Guid.NewGuid():N}", "chromium");
        var browser = new Browser(missing);

        var start = () => browser.InitializeAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain(missing).And.Contain("sudo apt-get install -y chromium").And.Contain("ORDOROLITE_CHROMIUM");
    }
}
