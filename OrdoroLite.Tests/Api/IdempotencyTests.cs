using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>The Idempotency-Key of writes on SQLite: a repeat gets the first answer and changes nothing again.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class IdempotencyTests(ApiServer server)
{
    [Fact]
    public async Task The_same_key_and_body_sent_again_get_the_first_response_and_change_nothing_again()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var body = new { orderNumbers = new[] { order.Number }, comment = "Once" };

        var first = await api.PostAsync("/api/v1/orders/cancel", body, "retry-me");
        var second = await api.PostAsync("/api/v1/orders/cancel", body, "retry-me");

        first.Json.GetProperty("summary").GetString().Should().Be("1 cancelled");
        first.Header("Idempotent-Replayed").Should().BeNull();
        second.Status.Should().Be(first.Status);
        second.Text.Should().Be(first.Text);
        second.Header("Idempotent-Replayed").Should().Be("true");
        (await CancelledEventsAsync(server, order.Number)).Should().Be(1);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var orders = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);

        await api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[0].Number } }, "one-change");
        var other = await api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[1].Number } }, "one-change");
        var otherPath = await api.PostAsync($"/api/v1/orders/{orders[1].Number}/cancel", new { }, "one-change");

        other.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        other.Detail.Should().Be("The Idempotency-Key \"one-change\" was already used with a different request (method, path or body). Use a new key for a new change; nothing was changed.");
        otherPath.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await CancelledEventsAsync(server, orders[1].Number)).Should().Be(0);
    }

    [Fact]
    public async Task Requests_with_one_key_arriving_at_once_cancel_once_and_all_get_the_same_answer()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { order.Number } }, key))));

        responses.Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        responses.Select(r => r.Text).Distinct().Should().ContainSingle().Which.Should().Contain("\"summary\":\"1 cancelled\"");
        responses.Count(r => r.Header("Idempotent-Replayed") is null).Should().Be(1);
        (await CancelledEventsAsync(server, order.Number)).Should().Be(1);
    }

    [Fact]
    public async Task One_idempotency_key_sent_by_two_api_keys_is_two_different_keys()
    {
        using var first = await server.ClientAsync(ApiScopes.Cancel);
        using var second = await server.ClientAsync(ApiScopes.Cancel);
        var orders = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);

        var a = await first.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[0].Number } }, "order-sync-1");
        var b = await second.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[1].Number } }, "order-sync-1");

        a.Json.GetProperty("summary").GetString().Should().Be("1 cancelled");
        b.Json.GetProperty("summary").GetString().Should().Be("1 cancelled");
    }

    [Fact]
    public async Task A_key_is_kept_24_hours_then_the_cleanup_removes_it_but_never_one_still_running()
    {
        await using var database = TestDatabase.InMemory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var keys = new IdempotencyKeys(database, clock, new IdempotencyOptions { Lease = TimeSpan.FromDays(2) });
        var apiKey = await AddApiKeyAsync(database);
        var finished = await keys.ClaimAsync(apiKey, "finished", "hash");
        await keys.CompleteAsync(finished.RecordId, 200, "application/json", "{}");
        await keys.ClaimAsync(apiKey, "still-running", "hash");

        clock.Advance(TimeSpan.FromHours(23));
        var early = await keys.CleanupAsync();
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var late = await keys.CleanupAsync();

        early.Should().Be(0);
        late.Should().Be(1);
        await using var db = database.CreateDbContext();
        (await db.IdempotencyRecords.Select(r => r.Key).ToListAsync()).Should().Equal("still-running");
    }

    [Fact]
    public async Task A_repeat_after_the_first_requests_server_stopped_mid_request_is_told_the_outcome_is_unknown()
    {
        await using var database = TestDatabase.InMemory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var keys = new IdempotencyKeys(database, clock, new IdempotencyOptions());
        var apiKey = await AddApiKeyAsync(database);
        await keys.ClaimAsync(apiKey, "k", "hash");

        clock.Advance(new IdempotencyOptions().Lease + TimeSpan.FromSeconds(1));
        var repeat = await keys.ClaimAsync(apiKey, "k", "hash");

        repeat.Outcome.Should().Be(ClaimOutcome.Interrupted);
    }

    internal static async Task<int> CancelledEventsAsync(ApiServer server, int number)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.OrderEvents.CountAsync(e => e.OrderNumber == number && e.Type == OrderEventType.Cancelled);
    }

    private static async Task<int> AddApiKeyAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var (key, _) = ApiKey.Create("Test", [ApiScopes.Cancel], new Actor("m", "Manager"), DateTimeOffset.UtcNow);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    }
}

/// <summary>The Idempotency-Key on PostgreSQL with two app servers: the database's unique index decides, whichever server a request reaches.</summary>
[Collection(ApiTwoServersCollection.Name)]
public sealed class IdempotencyOnTwoServersTests(ApiTwoServers servers)
{
    [Fact]
    public async Task Requests_with_one_key_at_once_through_two_servers_cancel_once_on_PostgreSQL()
    {
        var key = await servers.A.CreateKeyAsync("Two servers", ApiScopes.Cancel);
        using var a = new ApiClient(servers.A.App.BaseAddress, key.Token);
        using var b = new ApiClient(servers.B.App.BaseAddress, key.Token);
        var order = await servers.A.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var idempotencyKey = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { order.Number } }, idempotencyKey))));

        responses.Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        responses.Select(r => r.Text).Distinct().Should().ContainSingle().Which.Should().Contain("\"summary\":\"1 cancelled\"");
        responses.Count(r => r.Header("Idempotent-Replayed") is null).Should().Be(1);
        (await IdempotencyTests.CancelledEventsAsync(servers.A, order.Number)).Should().Be(1);
    }

    [Fact]
    public async Task The_same_key_with_another_body_on_the_other_server_is_422_on_PostgreSQL()
    {
        var key = await servers.A.CreateKeyAsync("Two servers", ApiScopes.Cancel);
        using var a = new ApiClient(servers.A.App.BaseAddress, key.Token);
        using var b = new ApiClient(servers.B.App.BaseAddress, key.Token);
        var orders = await servers.A.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);

        var first = await a.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[0].Number } }, "pg-key");
        var replay = await b.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[0].Number } }, "pg-key");
        var other = await b.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { orders[1].Number } }, "pg-key");

        replay.Text.Should().Be(first.Text);
        replay.Header("Idempotent-Replayed").Should().Be("true");
        other.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await IdempotencyTests.CancelledEventsAsync(servers.A, orders[1].Number)).Should().Be(0);
    }
}
