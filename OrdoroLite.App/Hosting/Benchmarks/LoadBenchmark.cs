using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.App.Features.Webhooks;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Webhooks;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// The load part of the bench (issues 15 and 19): the app's own build as one or two server processes
/// on the bench's copy of the database, and <c>clients</c> concurrent clients on loopback for a bounded
/// time, each signed in as staff (a cookie) and holding its own API key. Each client loops over:
/// an Orders page as a browser first loads it (the prerendered HTML of <c>/orders</c>), an API list
/// page, one order through the API, a cancel of 1, 5, 10 or 20 Awaiting orders and a restore of some of
/// the orders it cancelled. With two servers every request goes to the next server in turn, as a
/// round-robin load balancer would. Afterwards: Committed equals the open orders' units for every SKU
/// and warehouse, every change has exactly one timeline event, and a webhook listener on loopback has
/// received one webhook per change. Latencies are wall-clock milliseconds per request, p50/p95/p99.
/// </summary>
/// <param name="serverSettings">What points a server process at the bench's database (<c>IBenchStore.ServerSettings</c>).</param>
public sealed class LoadBenchmark(IServiceProvider services, IReadOnlyDictionary<string, string> serverSettings)
{
    /// <summary>Orders a client may cancel during a run; runs are bounded in time, this bounds their writes.</summary>
    private const int OrdersPerClient = 600;

    private static readonly int[] CancelSizes = [1, 5, 10, 20];

    private static readonly string[] Tabs = ["awaiting", "shipped", "cancelled", "all"];

    /// <summary>Runs the part; the server processes and the listener stop at the end whatever happens.</summary>
    /// <param name="clients">Concurrent clients (1 to 200).</param>
    /// <param name="duration">How long they run (at most 10 minutes).</param>
    /// <param name="servers">1, or 2 on PostgreSQL (a cluster of two servers on one database).</param>
    /// <exception cref="InvalidOperationException">A server did not start, or there are too few Awaiting orders for the clients.</exception>
    public async Task<IReadOnlyList<BenchResult>> RunAsync(int clients, TimeSpan duration, int servers)
    {
        await BenchAccounts.EnsureDemoAccountsAsync(services);
        var contexts = services.GetRequiredService<IDbContextFactory<OrdoroDbContext>>();
        var pools = await AwaitingPoolsAsync(contexts, clients);
        await using var listener = await WebhookCounter.StartAsync();
        var manager = DemoStaff.Manager.AsActor();
        await services.GetRequiredService<ManageWebhooks>().SubscribeAsync(manager, listener.Url.AbsoluteUri,
            [WebhookEvents.OrderCancelled, WebhookEvents.OrderRestored]);
        var keys = new List<string>();
        for (var i = 0; i < clients; i++)
        {
            keys.Add((await services.GetRequiredService<ManageApiKeys>().CreateAsync(manager, $"load client {i + 1}", [ApiScopes.Read, ApiScopes.Cancel])).Token);
        }

        var processes = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < servers; i++)
            {
                processes.Add(await ServerProcess.StartAsync(new Dictionary<string, string>(serverSettings) { ["Webhooks__AllowPrivateNetworks"] = "true" }));
            }

            var addresses = processes.Select(p => p.BaseAddress).ToList();
            var started = DateTimeOffset.UtcNow;
            Console.WriteLine($"  {clients} clients on {servers} server(s) for {duration.TotalSeconds:0} s …");
            var samples = new ConcurrentBag<Sample>();
            var problems = new ConcurrentQueue<string>();
            using var stop = new CancellationTokenSource(duration);
            var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(i =>
                new Client(i, addresses, keys[i], pools[i], samples, problems).RunAsync(stop.Token)));
            var elapsed = DateTimeOffset.UtcNow - started;
            var cancelled = results.Sum(r => r.Cancelled);
            var restored = results.Sum(r => r.Restored);

            Console.WriteLine($"  {cancelled:N0} orders cancelled, {restored:N0} restored; waiting for their webhooks …");
            var arrived = await listener.WaitForAsync(cancelled + restored, TimeSpan.FromMinutes(3));
            return Report(samples, problems, elapsed, clients, servers, cancelled, restored, results.Sum(r => r.Skipped), arrived, listener,
                await AuditAsync(contexts, started));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private static List<BenchResult> Report(ConcurrentBag<Sample> samples, ConcurrentQueue<string> problems, TimeSpan elapsed,
        int clients, int servers, int cancelled, int restored, int skipped, int webhooks, WebhookCounter listener, Audit audit)
    {
        var group = servers == 1 ? $"Load, {clients} clients" : $"Load, {clients} clients on {servers} servers";
        var results = new List<BenchResult>();
        var all = samples.ToList();
        foreach (var kind in all.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ms = kind.Where(s => s.Status is >= 200 and < 300).Select(s => s.Ms).Order().ToList();
            if (ms.Count == 0)
            {
                continue;
            }

            results.Add(new BenchResult(group, $"{kind.Key}: p50 (p95, p99)", Percentile(ms, 0.50), null, [], [], null, null,
                $"p95 {Percentile(ms, 0.95):0.0} ms, p99 {Percentile(ms, 0.99):0.0} ms, {ms.Count:N0} requests"));
        }

        var limited = all.Count(s => s.Status == 429);
        var errors = all.Count(s => s.Status is not (>= 200 and < 300) and not 429);
        results.Add(new BenchResult(group, "requests per second", all.Count / elapsed.TotalSeconds, null, [], [], null, null,
            $"{all.Count:N0} requests in {elapsed.TotalSeconds:0} s; {limited:N0} answered 429 (rate limit)", "/s"));
        results.Add(new BenchResult(group, "errors other than 429, and orders skipped", errors + skipped, null, [], [], "0", errors + skipped == 0,
            $"{errors:N0} failed requests, {skipped:N0} orders a write skipped (each client cancels only its own Awaiting orders, so none should be) " +
            string.Join(" | ", problems.Take(3)), ""));
        results.Add(new BenchResult(group, "Committed = units of open orders, every SKU and warehouse", audit.StockMismatches, null, [], [], "0", audit.StockMismatches == 0,
            audit.StockMismatches == 0 ? $"{audit.Levels:N0} levels checked" : $"{audit.StockMismatches} levels differ", ""));
        results.Add(new BenchResult(group, "one timeline event per change", audit.EventsWritten, null, [], [], $"{cancelled + restored:N0}",
            audit.EventsWritten == cancelled + restored && audit.OrdersWithTwoEvents == 0,
            $"{cancelled:N0} cancelled, {restored:N0} restored; {audit.EventsWritten:N0} Cancelled/Restored events since the start; {audit.OrdersWithTwoEvents} orders with one event twice", ""));
        results.Add(new BenchResult(group, "one webhook per change", webhooks, null, [], [], $"{cancelled + restored:N0}", webhooks == cancelled + restored,
            $"{webhooks:N0} distinct event ids; {listener.Repeats:N0} repeated deliveries (at least once); in the database: {audit.Webhooks}", ""));
        return results;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Disjoint Awaiting orders per client, so a cancel changes every order it names.</summary>
    private static async Task<List<Queue<int>>> AwaitingPoolsAsync(IDbContextFactory<OrdoroDbContext> contexts, int clients)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var awaiting = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.AwaitingFulfillment)
            .OrderByDescending(o => o.Number).Select(o => o.Number).Take(clients * OrdersPerClient).ToListAsync();
        if (awaiting.Count < clients * 20)
        {
            throw new InvalidOperationException($"The load part needs at least {clients * 20:N0} Awaiting orders; the database has {awaiting.Count:N0}.");
        }

        return Enumerable.Range(0, clients).Select(c => new Queue<int>(awaiting.Where((_, i) => i % clients == c))).ToList();
    }

    /// <summary>What the database holds after the run (off the clock).</summary>
    private static async Task<Audit> AuditAsync(IDbContextFactory<OrdoroDbContext> contexts, DateTimeOffset started)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var open = await db.OrderLines.AsNoTracking()
            .Join(db.Orders.Where(o => o.Status == OrderStatus.AwaitingFulfillment || o.Status == OrderStatus.DropshipmentRequested),
                l => l.OrderNumber, o => o.Number, (l, o) => new { l.ProductId, o.WarehouseId, l.Quantity })
            .GroupBy(x => new { x.ProductId, x.WarehouseId })
            .Select(g => new { g.Key.ProductId, g.Key.WarehouseId, Units = g.Sum(x => x.Quantity) })
            .ToDictionaryAsync(x => (x.ProductId, x.WarehouseId), x => x.Units);
        var levels = await db.Inventory.AsNoTracking().Select(l => new { l.ProductId, l.WarehouseId, l.Committed }).ToListAsync();
        var mismatches = levels.Count(l => l.Committed != open.GetValueOrDefault((l.ProductId, l.WarehouseId)))
            + open.Keys.Count(k => !levels.Any(l => l.ProductId == k.ProductId && l.WarehouseId == k.WarehouseId));

        var events = await db.OrderEvents.AsNoTracking()
            .Where(e => e.At >= started && (e.Type == OrderEventType.Cancelled || e.Type == OrderEventType.Restored))
            .Select(e => new { e.OrderNumber, e.Type }).ToListAsync();
        var twice = events.GroupBy(e => e).Count(g => g.Count() > 1);

        // Where a missing webhook stopped: never queued (the outbox horizon), or queued and not delivered.
        var changes = db.OrderEvents.Where(e => e.At >= started && (e.Type == OrderEventType.Cancelled || e.Type == OrderEventType.Restored));
        var unqueued = await changes.CountAsync(e => !db.WebhookDeliveries.Any(d => d.EventId == e.Id));
        var undelivered = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State != WebhookDeliveryState.Delivered && changes.Any(e => e.Id == d.EventId))
            .Select(d => new { d.Attempts, d.LastError }).ToListAsync();
        var stuck = undelivered.Count == 0 ? "" :
            $"; e.g. {undelivered.Max(d => d.Attempts)} attempts, last error: {undelivered.Select(d => d.LastError).FirstOrDefault(e => e is not null) ?? "none"}";
        return new Audit(levels.Count, mismatches, events.Count, twice, $"{unqueued:N0} never queued, {undelivered.Count:N0} queued and not delivered{stuck}");
    }

    private sealed record Audit(int Levels, int StockMismatches, int EventsWritten, int OrdersWithTwoEvents, string Webhooks);

    private sealed record Sample(string Kind, double Ms, int Status);

    private sealed record ClientResult(int Cancelled, int Restored, int Skipped);

    /// <summary>One simulated person: a staff cookie for pages, an API key for the API, its own Awaiting orders.</summary>
    private sealed class Client(int index, IReadOnlyList<Uri> servers, string key, Queue<int> awaiting,
        ConcurrentBag<Sample> samples, ConcurrentQueue<string> problems)
    {
        private readonly Random _random = new(index + 1);
        private readonly List<int> _cancelled = [];
        private int _next;
        private int _restored;
        private int _cancelledCount;
        private int _skipped;

        public async Task<ClientResult> RunAsync(CancellationToken stop)
        {
            var cookies = new CookieContainer();
            using var pages = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(2) };
            using var api = new HttpClient(new HttpClientHandler { UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await SignInAsync(pages);

            while (!stop.IsCancellationRequested)
            {
                var roll = _random.Next(100);
                var server = servers[_next++ % servers.Count];
                if (roll < 30)
                {
                    var tab = Tabs[_random.Next(Tabs.Length)];
                    await TimeAsync("page load (Orders tab, HTML)", () => pages.GetAsync(new Uri(server, $"/orders?tab={tab}&page={_random.Next(1, 21)}")));
                }
                else if (roll < 55)
                {
                    var status = _random.Next(2) == 0 ? "AwaitingFulfillment" : "Cancelled";
                    await TimeAsync("API list (50 orders)", () => api.GetAsync(new Uri(server, $"/api/v1/orders?status={status}&limit=50&offset={_random.Next(0, 1000)}")));
                }
                else if (roll < 75)
                {
                    var number = awaiting.Count > 0 ? awaiting.Peek() : _cancelled.FirstOrDefault(1);
                    await TimeAsync("API one order", () => api.GetAsync(new Uri(server, $"/api/v1/orders/{number}")));
                }
                else if (roll < 92)
                {
                    await CancelAsync(api, server);
                }
                else
                {
                    await RestoreAsync(api, server);
                }
            }

            return new ClientResult(_cancelledCount, _restored, _skipped);
        }

        private async Task CancelAsync(HttpClient api, Uri server)
        {
            var size = CancelSizes[_random.Next(CancelSizes.Length)];
            if (awaiting.Count < size)
            {
                return;
            }

            var numbers = Enumerable.Range(0, size).Select(_ => awaiting.Dequeue()).ToList();
            var body = new { orderNumbers = numbers, reason = "CustomerRequest", comment = "load test" };
            var done = await WriteAsync(size == 10 ? "cancel 10 orders (API)" : $"cancel {size} order(s) (API)", api, new Uri(server, "/api/v1/orders/cancel"), body);
            if (done is { } d)
            {
                _cancelledCount += d;
                _cancelled.AddRange(numbers);
            }
        }

        private async Task RestoreAsync(HttpClient api, Uri server)
        {
            if (_cancelled.Count == 0)
            {
                return;
            }

            var take = Math.Min(_cancelled.Count, _random.Next(1, 21));
            var numbers = _cancelled.Take(take).ToList();
            _cancelled.RemoveRange(0, take);
            if (await WriteAsync("restore 1-20 orders (API)", api, new Uri(server, "/api/v1/orders/restore"), new { orderNumbers = numbers }) is { } d)
            {
                _restored += d;
            }
        }

        /// <summary>Sends a write with a fresh Idempotency-Key until it is not rate limited; returns its DoneCount, or null on an error.</summary>
        private async Task<int?> WriteAsync(string kind, HttpClient api, Uri url, object body)
        {
            var idempotencyKey = Guid.NewGuid().ToString();
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                var clock = Stopwatch.StartNew();
                using var response = await SendAsync(api, request);
                var text = response is null ? "" : await response.Content.ReadAsStringAsync();
                var status = (int?)response?.StatusCode ?? 0;
                samples.Add(new Sample(kind, clock.Elapsed.TotalMilliseconds, status));
                if (status == 429)
                {
                    await Task.Delay(RetryAfter(response!));
                    continue;
                }

                if (status is >= 200 and < 300)
                {
                    var json = JsonDocument.Parse(text).RootElement;
                    var doneCount = json.GetProperty("doneCount").GetInt32();
                    if (doneCount != json.GetProperty("orders").GetArrayLength())
                    {
                        _skipped += json.GetProperty("orders").GetArrayLength() - doneCount;
                        problems.Enqueue($"{kind}: {json.GetProperty("summary").GetString()}");
                    }

                    return doneCount;
                }

                problems.Enqueue($"{kind}: HTTP {status} {text[..Math.Min(200, text.Length)]}");
                return null;
            }
        }

        private async Task TimeAsync(string kind, Func<Task<HttpResponseMessage>> send)
        {
            while (true)
            {
                var clock = Stopwatch.StartNew();
                HttpResponseMessage? response = null;
                try
                {
                    response = await send();
                    await response.Content.ReadAsByteArrayAsync();
                }
                catch (HttpRequestException e)
                {
                    problems.Enqueue($"{kind}: {e.Message}");
                }

                var status = (int?)response?.StatusCode ?? 0;
                samples.Add(new Sample(kind, clock.Elapsed.TotalMilliseconds, status));
                if (status == 429)
                {
                    await Task.Delay(RetryAfter(response!));
                    response!.Dispose();
                    continue;
                }

                if (status is not (>= 200 and < 300))
                {
                    problems.Enqueue($"{kind}: HTTP {status}");
                }

                response?.Dispose();
                return;
            }
        }

        private async Task<HttpResponseMessage?> SendAsync(HttpClient api, HttpRequestMessage request)
        {
            try
            {
                return await api.SendAsync(request);
            }
            catch (HttpRequestException e)
            {
                problems.Enqueue($"{request.RequestUri}: {e.Message}");
                return null;
            }
        }

        private static TimeSpan RetryAfter(HttpResponseMessage response) =>
            response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);

        /// <summary>Signs in through the sign-in form, as a browser does (its antiforgery token and cookie included).</summary>
        private async Task SignInAsync(HttpClient pages)
        {
            var login = new Uri(servers[0], "/Account/Login");
            var html = await pages.GetStringAsync(login);
            var fields = HiddenInputs(html);
            fields["Input.Email"] = DemoStaff.Staff.Email;
            fields["Input.Password"] = DemoStaff.Password;
            fields["Input.ReturnUrl"] = "/orders";
            using var response = await pages.PostAsync(login, new FormUrlEncodedContent(fields));
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException($"Client {index + 1} could not sign in as {DemoStaff.Staff.Email}: HTTP {(int)response.StatusCode}.");
            }
        }

        private static Dictionary<string, string> HiddenInputs(string html)
        {
            var fields = new Dictionary<string, string>();
            foreach (Match input in Regex.Matches(html, "<input[^>]*>", RegexOptions.IgnoreCase))
            {
                var tag = input.Value;
                var name = Regex.Match(tag, "name=\"([^\"]*)\"").Groups[1].Value;
                if (tag.Contains("type=\"hidden\"", StringComparison.OrdinalIgnoreCase) && name.Length > 0)
                {
                    fields[WebUtility.HtmlDecode(name)] = WebUtility.HtmlDecode(Regex.Match(tag, "value=\"([^\"]*)\"").Groups[1].Value);
                }
            }

            return fields;
        }
    }

    /// <summary>A webhook receiver on a loopback port: answers 200 and counts distinct event ids (Webhook-Id) and repeats.</summary>
    private sealed class WebhookCounter : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, int> _ids = new();
        private int _repeats;

        private WebhookCounter(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = default!;

        public int Repeats => _repeats;

        public static async Task<WebhookCounter> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var counter = new WebhookCounter(app);
            app.MapPost("/hook", (HttpContext http) =>
            {
                if (counter._ids.AddOrUpdate(http.Request.Headers["Webhook-Id"].ToString(), 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref counter._repeats);
                }

                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            counter.Url = new Uri(new Uri(address), "/hook");
            return counter;
        }

        /// <summary>Waits until <paramref name="expected"/> distinct events arrived, or the patience ran out; returns how many did.</summary>
        public async Task<int> WaitForAsync(int expected, TimeSpan patience)
        {
            var waited = Stopwatch.StartNew();
            while (_ids.Count < expected && waited.Elapsed < patience)
            {
                await Task.Delay(500);
            }

            // A little longer: more than expected would be a defect too.
            await Task.Delay(TimeSpan.FromSeconds(3));
            return _ids.Count;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
