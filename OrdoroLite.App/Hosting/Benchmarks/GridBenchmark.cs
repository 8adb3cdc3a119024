using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// The Orders grid through <see cref="OrderGrid"/> (the code the page calls) against hand-written
/// SQL that reads the same rows: the page joined to its warehouse, the page's labels and refunds,
/// and, for a search, the same capped count.
/// </summary>
internal sealed class GridBenchmark(IDbContextFactory<OrdoroDbContext> contexts, BenchDatabase database, int warmups, int runs)
{
    private const string Group = "Orders grid";

    /// <summary>Page loads take about a millisecond: warm both sides up for seconds (see <see cref="BenchTiming.WarmUpAsync"/>).</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>A median of five sub-millisecond runs moves with every hiccup of a shared machine; these cases are cheap to repeat.</summary>
    private const int MinPageRuns = 201;

    public async Task<List<BenchResult>> RunAsync(int orderCount, IReadOnlyList<string> searches)
    {
        // A clock that never moves: the tab counts stay cached for the page timings (no background
        // recount every 5 s competing with them); the counts have their own cold case below.
        var counts = new OrderTabCounts(contexts, new FixedClock(DateTimeOffset.UtcNow));
        var grid = new OrderGrid(contexts, counts);
        await counts.GetAsync();

        var deepPage = Math.Max(0, Math.Min(500_000, orderCount / 2) / 50);
        var results = new List<BenchResult>
        {
            await PageAsync(grid, "Awaiting Fulfillment tab, page 1 of 50", new OrderGridRequest(OrderTab.AwaitingFulfillment)),
            await PageAsync(grid, "All tab, page 1 of 50", new OrderGridRequest(OrderTab.All)),
            await PageAsync(grid, $"All tab, offset {deepPage * 50:N0}", new OrderGridRequest(OrderTab.All, Page: deepPage)),
        };
        foreach (var search in searches)
        {
            results.Add(await PageAsync(grid, $"Search \"{search}\" (All), page 1 + count", new OrderGridRequest(OrderTab.All, Search: search)));
        }

        var cold = await BenchTiming.PairedRunsAsync(warmups, runs,
            async _ =>
            {
                counts.Invalidate();
                await counts.GetAsync();
            },
            async _ => await RawTabCountsAsync());
        results.Add(BenchTiming.Paired(Group, "Tab counts, not cached (GROUP BY Status)", cold, maxRatio: 1.3,
            "cached 5 s and after every change; see docs/orders-grid.md"));

        var firstLoad = await BenchTiming.PairedRunsAsync(warmups, runs,
            async _ =>
            {
                counts.Invalidate();
                await grid.LoadAsync(new OrderGridRequest(OrderTab.AwaitingFulfillment));
            },
            async _ =>
            {
                await RawTabCountsAsync();
                await RawPageAsync(new OrderGridRequest(OrderTab.AwaitingFulfillment));
            });
        results.Add(BenchTiming.Paired(Group, "Awaiting page 1 + tab counts not cached", firstLoad, maxRatio: 1.3,
            "the first load after a change"));
        return results;
    }

    private async Task<BenchResult> PageAsync(OrderGrid grid, string name, OrderGridRequest request, string group = Group,
        TimeSpan? warmUp = null, int minRuns = MinPageRuns)
    {
        var ours = await grid.LoadAsync(request);
        var raw = await RawPageAsync(request);
        if (!ours.Rows.Select(r => r.Number).SequenceEqual(raw.Numbers) || (raw.Total is { } count && count != ours.TotalCount
                && !(ours.TotalIsCapped && count > OrderGrid.CountCap)))
        {
            throw new InvalidOperationException($"{name}: the raw SQL returned other rows or another count than OrderGrid; the comparison would be meaningless.");
        }

        await BenchTiming.WarmUpAsync(warmUp ?? WarmUp, () => grid.LoadAsync(request), () => RawPageAsync(request));
        var times = await BenchTiming.PairedRunsAsync(warmups, Math.Max(runs, minRuns),
            async _ => await grid.LoadAsync(request),
            async _ => await RawPageAsync(request));
        // Issue 14's allowance: where a page takes under a millisecond by hand, a fixed cost of EF is most of the ratio.
        return BenchTiming.Paired(group, name, times, maxRatio: BenchTiming.Median(times.Raw) < 1 ? 1.5 : 1.3,
            request.HasFilters ? $"{ours.TotalCount:N0}{(ours.TotalIsCapped ? "+" : "")} matches" : "tab counts cached, as on the page");
    }

    /// <summary>The sales channel the views' rare-channel cases filter by: new orders, all open, as a channel just connected.</summary>
    public const string RareChannel = "Faire";

    /// <summary>How many orders <see cref="RareChannel"/> gets (0.2 % of a million).</summary>
    public const int RareChannelOrders = 2_000;

    /// <summary>
    /// Every tab × sort × direction × filter × page depth (issue 16): a page and its count, each within
    /// 50 ms and 1.3× of the same rows by hand. Both directions, because open orders are the newest:
    /// a hand-written statement that walks the number index is quick newest first and slow oldest first. Filters take the database's most common value (channel,
    /// reason, who cancelled), its first warehouse, the last 30 days, or a channel far rarer than any
    /// tab (<see cref="RareChannel"/>, imported into the work copy first); depth is page 1 and page 41.
    /// </summary>
    public async Task<List<BenchResult>> MatrixAsync()
    {
        var counts = new OrderTabCounts(contexts, new FixedClock(DateTimeOffset.UtcNow));
        var grid = new OrderGrid(contexts, counts);
        await counts.GetAsync();
        var channel = await database.ListAsync("""SELECT "Channel" FROM "ReportOrderDays" GROUP BY "Channel" ORDER BY SUM("Placed") DESC""");
        var warehouse = await database.ScalarAsync("""SELECT MIN("Id") FROM "Warehouses" """);
        var reason = await database.ListAsync(
            """SELECT "CancelReason" FROM "Orders" WHERE "Status" = 'Cancelled' AND "CancelReason" IS NOT NULL GROUP BY "CancelReason" ORDER BY COUNT(*) DESC""");
        var staff = await database.ListAsync(
            """SELECT "CancelledByName" FROM "Orders" WHERE "Status" = 'Cancelled' GROUP BY "CancelledByName" ORDER BY COUNT(*) DESC""");
        var now = DateTimeOffset.UtcNow;
        var filters = new List<(string Name, bool CancelledOnly, Func<OrderGridRequest, OrderGridRequest> Apply)>
        {
            ("no filter", false, r => r),
            ($"channel {channel[0]}", false, r => r with { Channel = channel[0] }),
            ($"channel {RareChannel} ({RareChannelOrders:N0} orders)", false, r => r with { Channel = RareChannel }),
            ($"warehouse {warehouse}", false, r => r with { WarehouseId = (int)warehouse }),
            ("last 30 days", false, r => r with { OrderDate = new InstantRange(now.AddDays(-30), now) }),
            ($"reason {reason[0]}", true, r => r with { Cancellation = new CancellationFilter(Reason: Enum.Parse<CancelReason>(reason[0])) }),
            ($"cancelled by {staff[0]}", true, r => r with { Cancellation = new CancellationFilter(CancelledBy: staff[0]) }),
        };
        var results = new List<BenchResult>();
        foreach (var tab in Enum.GetValues<OrderTab>())
        {
            foreach (var sort in Enum.GetValues<OrderSort>().Where(s => s != OrderSort.CancelledAt || tab == OrderTab.Cancelled))
            {
                foreach (var (filter, descending) in filters.Where(f => !f.CancelledOnly || tab == OrderTab.Cancelled)
                             .SelectMany(f => new[] { (f, true), (f, false) }))
                {
                    foreach (var page in new[] { 0, 40 })
                    {
                        var request = filter.Apply(new OrderGridRequest(tab, Page: page, Sort: sort, Descending: descending));
                        var name = $"{tab}, by {sort}{(descending ? "" : " ascending")}, {filter.Name}, page {page + 1}";
                        var result = await PageAsync(grid, name, request, "Orders views",
                            warmUp: TimeSpan.FromMilliseconds(300), minRuns: 21);
                        results.Add(result with
                        {
                            Target = $"{result.Target}, ≤ 50 ms",
                            Met = result.Met == true && result.OursMs <= 50,
                        });
                    }
                }
            }
        }

        return results;
    }

    /// <summary>"Select all orders matching this view" of 100,000 orders: the numbers resolved when the action runs (≤ 1 s).</summary>
    public async Task<List<BenchResult>> SelectAllAsync(int max)
    {
        var grid = new OrderGrid(contexts, new OrderTabCounts(contexts, new FixedClock(DateTimeOffset.UtcNow)));
        var results = new List<BenchResult>();
        foreach (var (name, view) in new[]
                 {
                     ("All tab", new OrderGridRequest(OrderTab.All)),
                     ("Shipped tab, last 90 days", new OrderGridRequest(OrderTab.Shipped,
                         OrderDate: new InstantRange(DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow))),
                 })
        {
            var found = 0;
            var times = await BenchTiming.PairedRunsAsync(warmups, runs,
                async _ => found = (await grid.MatchingNumbersAsync(view, max)).Count,
                async _ => await RawMatchingAsync(view, max));
            // Issue 16's target for this case is the time alone (under 1 s); the ratio is reported beside it.
            var result = BenchTiming.Paired("Select all matching", $"{name}: {Math.Min(found, max):N0} orders", times, maxRatio: null,
                found > max ? $"{max:N0} and more match; the action takes at most {max:N0}" : null);
            results.Add(result with { Target = "≤ 1 s", Met = result.OursMs <= 1_000 });
        }

        return results;
    }

    private async Task<int> RawMatchingAsync(OrderGridRequest view, int max)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "o"."Number" FROM "Orders" AS "o" {RawWhere(command, view)} ORDER BY {RawOrderBy(view)} LIMIT {max + 1}""";
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _ = reader.GetInt32(0);
            count++;
        }

        return count;
    }

    private async Task<Dictionary<string, int>> RawTabCountsAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Status", COUNT(*) FROM "Orders" GROUP BY "Status" """;
        var counts = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>What a developer would write by hand for the same screen: page, then labels, plus the capped count when the view is narrowed.</summary>
    private async Task<(List<int> Numbers, int? Total)> RawPageAsync(OrderGridRequest request)
    {
        await using var connection = await database.OpenAsync();
        await using var page = connection.CreateCommand();
        var where = RawWhere(page, request);
        int? total = null;
        if (request.HasFilters)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"""
                SELECT COUNT(*) FROM (SELECT 1 FROM "Orders" AS "o" {where} LIMIT {OrderGrid.CountCap + 1}) AS "c"
                """;
            foreach (DbParameter parameter in page.Parameters)
            {
                Add(count, parameter.ParameterName, parameter.Value);
            }

            total = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        page.CommandText = $"""
            SELECT "o"."Number", "o"."OrderDate", "o"."CustomerName", "o"."Channel", "w"."Name", "o"."ItemCount",
                   "o"."TotalCents", "o"."Status", "o"."HandTrackingNumber", "o"."CancelledAt", "o"."CancelledByName",
                   "o"."CancelReason", "o"."CancelComment"
            FROM "Orders" AS "o"
            JOIN "Warehouses" AS "w" ON "w"."Id" = "o"."WarehouseId"
            {where}
            ORDER BY {RawOrderBy(request)}
            LIMIT @take OFFSET @skip
            """;
        Add(page, "@take", request.PageSize);
        Add(page, "@skip", request.Page * request.PageSize);
        var rows = new List<RawRow>(request.PageSize);
        await using (var reader = await page.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(new RawRow(
                    reader.GetInt32(0), reader.GetDateTime(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), reader.GetInt64(6), reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12)));
            }
        }

        var numbers = rows.Select(r => r.Number).ToList();
        if (numbers.Count > 0)
        {
            await using var labels = connection.CreateCommand();
            labels.CommandText = $"""
                SELECT "l"."OrderNumber", "l"."State", "l"."TrackingNumber", "r"."State"
                FROM "Labels" AS "l"
                LEFT JOIN "RefundRequests" AS "r" ON "r"."LabelId" = "l"."Id"
                WHERE "l"."OrderNumber" IN ({string.Join(",", numbers)})
                ORDER BY "l"."Id"
                """;
            var found = new List<(int, string, string, string?)>();
            await using var reader = await labels.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        return (numbers, total);
    }

    /// <summary>The view's WHERE clause by hand, its values added to <paramref name="command"/>.</summary>
    private string RawWhere(DbCommand command, OrderGridRequest request)
    {
        var where = new List<string>();
        if (request.Tab.Status() is { } status)
        {
            where.Add("\"o\".\"Status\" = @status");
            Add(command, "@status", status.ToString());
        }

        if (request.Search is { } search)
        {
            where.Add($"\"o\".\"Number\" IN ({SearchSql})");
            AddSearchParameters(command, search);
        }

        if (request.Channel is { } channel)
        {
            where.Add("\"o\".\"Channel\" = @channel");
            Add(command, "@channel", channel);
        }

        if (request.WarehouseId is { } warehouse)
        {
            where.Add("\"o\".\"WarehouseId\" = @warehouse");
            Add(command, "@warehouse", warehouse);
        }

        if (request.OrderDate is { From: var from, To: var to })
        {
            if (from is { } f)
            {
                where.Add("\"o\".\"OrderDate\" >= @from");
                Add(command, "@from", database.Raw.Instant(f));
            }

            if (to is { } t)
            {
                where.Add("\"o\".\"OrderDate\" < @to");
                Add(command, "@to", database.Raw.Instant(t));
            }
        }

        if (request.Cancellation is { Reason: var reason, CancelledBy: var staff })
        {
            if (reason is { } r)
            {
                where.Add("\"o\".\"CancelReason\" = @reason");
                Add(command, "@reason", r.ToString());
            }

            if (staff is not null)
            {
                where.Add("\"o\".\"CancelledByName\" = @staff");
                Add(command, "@staff", staff);
            }
        }

        return where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "";
    }

    private static string RawOrderBy(OrderGridRequest request)
    {
        var direction = request.Descending ? "DESC" : "ASC";
        var column = request.Sort switch
        {
            OrderSort.Number => null,
            OrderSort.Customer => "\"o\".\"CustomerName\"",
            OrderSort.Total => "\"o\".\"TotalCents\"",
            OrderSort.CancelledAt => "\"o\".\"CancelledAt\"",
            _ => "\"o\".\"OrderDate\"",
        };
        return column is null ? $"\"o\".\"Number\" {direction}" : $"{column} {direction}, \"o\".\"Number\" {direction}";
    }

    // The hand-written search: one indexed lookup per term over the folded columns, as docs/orders-grid.md explains.
    private const string SearchSql = """
        SELECT "Number" FROM "Orders" WHERE "HandTrackingKey" = @tracking
        UNION SELECT "OrderNumber" FROM "Labels" WHERE "TrackingKey" = @tracking
        UNION SELECT "Number" FROM "Orders" WHERE "ChannelOrderIdKey" >= @key AND "ChannelOrderIdKey" < @keyEnd
        UNION SELECT "Number" FROM "Orders" WHERE "SearchName" >= @fold AND "SearchName" < @foldEnd
        UNION SELECT "Number" FROM "Orders" WHERE "SearchSurname" >= @fold AND "SearchSurname" < @foldEnd
        UNION SELECT "Number" FROM "Orders" WHERE "SearchEmail" >= @fold AND "SearchEmail" < @foldEnd
        """;

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static void AddSearchParameters(DbCommand command, string search)
    {
        // Only for a text search of 3+ characters that is not a number, the case benchmarked here.
        var key = Keys.Of(search);
        var fold = SearchText.Fold(search);
        Add(command, "@tracking", SearchText.Tracking(search));
        Add(command, "@key", key);
        Add(command, "@keyEnd", SearchText.PrefixEnd(key));
        Add(command, "@fold", fold);
        Add(command, "@foldEnd", SearchText.PrefixEnd(fold));
    }

    private sealed record RawRow(
        int Number, DateTime OrderDate, string CustomerName, string Channel, string Warehouse, int ItemCount, long TotalCents,
        string Status, string? HandTracking, DateTime? CancelledAt, string? CancelledBy, string? CancelReason, string? CancelComment);
}
