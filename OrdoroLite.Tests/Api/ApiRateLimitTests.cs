using System.Net;
using OrdoroLite.Domain.Api;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>The per-key rate limit (ASP.NET Core's token bucket, one bucket per key): 429 with Retry-After, other keys untouched.</summary>
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private readonly ApiServer _server;

    public ApiRateLimitTests()
    {
        var settings = ApiServer.Settings();
        settings["Api:RateLimit:Burst"] = "3";
        settings["Api:RateLimit:Refill"] = "1";
        settings["Api:RateLimit:RefillPeriod"] = "01:00:00"; // no refill while the test runs, however slow the machine
        _server = new ApiServer(new AppServerOptions(Settings: settings));
    }

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_key_past_its_burst_gets_429_with_retry_after_while_another_key_is_served()
    {
        using var busy = await _server.ClientAsync(ApiScopes.Read, ApiScopes.Cancel);
        using var other = await _server.ClientAsync(ApiScopes.Read);

        var responses = new List<ApiResponse>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await busy.GetAsync("/api/v1/orders?limit=1"));
        }

        var write = await busy.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { 1 } });
        var otherKey = await other.GetAsync("/api/v1/orders?limit=1");

        responses.Take(3).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        var limited = responses.Skip(3).ToList();
        limited.Should().OnlyContain(r => r.Status == HttpStatusCode.TooManyRequests);
        limited.Should().OnlyContain(r => int.Parse(r.Header("Retry-After")!) >= 1 && r.ContentType == "application/problem+json");
        limited[0].Detail.Should().StartWith("This API key sent more than 1 requests every 01:00:00 (bursts up to 3). Wait ");
        write.Status.Should().Be(HttpStatusCode.TooManyRequests, "a refused write changes nothing");
        otherKey.Status.Should().Be(HttpStatusCode.OK);
    }
}
