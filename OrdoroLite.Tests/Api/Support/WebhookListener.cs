using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrdoroLite.Tests.Api.Support;

/// <summary>One webhook as the listener received it (recorded on arrival; <see cref="AnsweredWith"/> once answered).</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, byte[] Body, DateTimeOffset At)
{
    /// <summary>The status the listener answered with; null while it holds the request.</summary>
    public int? AnsweredWith { get; set; }

    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public int OrderNumber => Json.GetProperty("data").GetProperty("orderNumber").GetInt32();
}

/// <summary>
/// A webhook receiver on a loopback port, started by a test: it records every request and answers
/// as <see cref="Answer"/> says (200 by default). Tests wait for what they expect with
/// <see cref="WaitForAsync"/>, which wakes on every request instead of sleeping.
/// </summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private WebhookListener(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = default!;

    /// <summary>The status to answer each request with (given the request and how many came before it); may wait (hold the request).</summary>
    public Func<ReceivedWebhook, int, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(200);

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var listener = new WebhookListener(app);
        var count = 0;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var request = new ReceivedWebhook(http.Request.Headers["Webhook-Id"].ToString(), http.Request.Headers["Webhook-Timestamp"].ToString(),
                http.Request.Headers["Webhook-Signature"].ToString(), body.ToArray(), DateTimeOffset.UtcNow);
            listener._received.Enqueue(request);
            listener._arrived.Release();
            var status = await listener.Answer(request, Interlocked.Increment(ref count) - 1);
            request.AnsweredWith = status;
            listener._arrived.Release();
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        listener.Url = new Uri(new Uri(address), "/hook");
        return listener;
    }

    /// <summary>Waits until what was received satisfies <paramref name="done"/>; fails after <paramref name="patience"/> (default 30 s).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(30));
        while (!done(Received))
        {
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The webhooks expected did not arrive; received: {string.Join(", ", Received.Select(r => $"{r.Id} {r.Type} #{r.OrderNumber} → {r.AnsweredWith}"))}.");
            }
        }

        return Received;
    }

    /// <summary>The webhooks received about these orders, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> About(IEnumerable<int> orders)
    {
        var set = orders.ToHashSet();
        return Received.Where(r => set.Contains(r.OrderNumber)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stop.Token);
        }

        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
