using Microsoft.Extensions.Logging.Abstractions;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders.Queries;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.App.Hosting.Benchmarks.RawSql;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// Bulk cancel with "delete labels" through <see cref="CancelOrders"/> against one hand-written
/// transaction that writes the same rows (orders, stock levels, labels, refund requests, timeline
/// events, the report's summaries; <see cref="IRawSql.CancelAsync"/>). Every run cancels orders no
/// run has touched: a random, fixed-seed sample of the orders that are not cancelled yet, so each
/// batch has the database's mix of statuses.
/// </summary>
internal sealed class CancelBenchmark(IDbContextFactory<OrdoroDbContext> contexts, BenchDatabase database, int warmups, int runs)
{
    private const string Group = "Bulk cancel";
    /// <summary>The most one bulk action takes (OrderBatch.MaxOrders).</summary>
    public const int MaxBatch = 10_000;

    private const string Comment = "Benchmark run";
    private static readonly Actor By = Actor.System("Benchmark");

    private readonly Queue<int> _fresh = new();
    // Shared by every instance: each batch size has its own benchmark, and once cancels got fast
    // a second instance starting from "now" reused the first one's instants.
    private static DateTimeOffset _at = DateTimeOffset.UtcNow;

    public async Task<List<BenchResult>> RunAsync(IReadOnlyList<int> sizes)
    {
        await LoadPoolAsync();
        var results = new List<BenchResult>();
        foreach (var size in sizes)
        {
            var needed = (warmups + runs) * 2 * size;
            if (needed > _fresh.Count)
            {
                results.Add(new BenchResult(Group, $"{size:N0} orders", 0, null, [], [], null, null,
                    $"skipped: needs {needed:N0} orders not yet cancelled, {_fresh.Count:N0} left"));
                continue;
            }

            var written = new List<Written>();
            var times = await BenchTiming.PairedSelfTimedRunsAsync(warmups, runs,
                async _ => await CheckedAsync(Take(size), OursAsync, written),
                async _ => await CheckedAsync(Take(size), RawAsync, written));
            var mix = written[^1].Mix;
            var target = size switch
            {
                1_000 or MaxBatch => 1.5,
                _ => (double?)null,
            };
            var result = BenchTiming.Paired(Group, $"{size:N0} orders, delete labels", times, target,
                $"per run ≈ {mix}");
            if (size == MaxBatch)
            {
                // Also: the largest action a person can start must finish in 5 s.
                result = result with
                {
                    Target = $"{result.Target}, ≤ 5 s",
                    Met = result.Met == true && result.OursMs <= 5_000,
                };
            }

            results.Add(result);
            if (written.Any(w => !w.AsExpected))
            {
                throw new InvalidOperationException($"Bulk cancel of {size}: {written.First(w => !w.AsExpected).Mix}");
            }
        }

        return results;
    }

    /// <summary>
    /// A background job of <paramref name="size"/> orders (issue 16: 100,000 within 60 s), run as the
    /// Orders page runs it (<see cref="OrderJobs"/>, batches of 500 through <see cref="CancelOrders"/>),
    /// against the raw twin called batch by batch over as many other orders; one run each.
    /// </summary>
    public async Task<List<BenchResult>> JobAsync(int size)
    {
        if (_fresh.Count == 0)
        {
            await LoadPoolAsync();
        }

        if (_fresh.Count < 2 * size)
        {
            return [new BenchResult("Background job", $"cancel {size:N0} orders", 0, null, [], [], null, null,
                $"skipped: needs {2 * size:N0} orders not yet cancelled, {_fresh.Count:N0} left")];
        }

        var clock = new FixedClock(NextInstant());
        var actions = new OrderActions(new CancelOrders(contexts, clock, CarrierRules.Default), new RestoreOrders(contexts, clock),
            new CreateLabels(contexts, new SandboxCarrier(), clock), new DeleteLabels(contexts, clock, CarrierRules.Default));
        var changes = new OrderChanges(new OrderTabCounts(contexts, clock), new NoChangeFeed(), NullLogger<OrderChanges>.Instance);
        var jobs = new OrderJobs(actions, changes, clock, NullLogger<OrderJobs>.Instance);
        JobProgress? progress = null;
        var times = await BenchTiming.PairedSelfTimedRunsAsync(0, 1,
            async _ =>
            {
                var numbers = Take(size);
                return await BenchTiming.TimeAsync(async () =>
                {
                    var job = jobs.Start(By, new OrderActionInput(OrderAction.Cancel, Comment, CancelReason.Other, DeleteLabels: true), numbers);
                    await jobs.WhenIdleAsync();
                    progress = job.Progress;
                });
            },
            async _ =>
            {
                var numbers = Take(size);
                var at = NextInstant();
                return await BenchTiming.TimeAsync(async () =>
                {
                    foreach (var batch in numbers.Chunk(OrderJobs.DefaultBatchSize))
                    {
                        await using var connection = await database.OpenAsync();
                        await database.Raw.CancelAsync(connection, batch, at, By, CancelReason.Other, Comment);
                    }
                });
            });
        if (progress is not { Done: var done } || done != size)
        {
            throw new InvalidOperationException($"The job cancelled {progress?.Done ?? 0:N0} of {size:N0}: {progress?.Error}");
        }

        var result = BenchTiming.Paired("Background job", $"cancel {size:N0} orders, delete labels, batches of {OrderJobs.DefaultBatchSize}", times,
            maxRatio: null, string.Create(CultureInfo.InvariantCulture,
                $"{size / (times.Ours[0] / 1000):N0} orders/s vs raw {size / (times.Raw[0] / 1000):N0} orders/s"));
        return [result with { Target = "≤ 60 s", Met = result.OursMs <= 60_000 }];
    }

    private async Task LoadPoolAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Number" FROM "Orders" WHERE "Status" <> 'Cancelled'""";
        var numbers = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            numbers.Add(reader.GetInt32(0));
        }

        var shuffled = numbers.ToArray();
        new Random(9).Shuffle(shuffled);
        foreach (var number in shuffled)
        {
            _fresh.Enqueue(number);
        }
    }

    private List<int> Take(int size) => Enumerable.Range(0, size).Select(_ => _fresh.Dequeue()).ToList();

    /// <summary>Each run writes at its own instant, so its rows can be counted afterwards.</summary>
    private static DateTimeOffset NextInstant()
    {
        _at = _at.AddSeconds(1);
        return new DateTimeOffset(_at.Ticks - (_at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Times one run, and only the action: the state before and the rows written after are read
    /// outside the clock (counting rows by instant scans the orders and the timeline).
    /// </summary>
    private async Task<double> CheckedAsync(List<int> numbers, Func<List<int>, DateTimeOffset, Task> action, List<Written> written)
    {
        var before = await StateAsync(numbers);
        var at = NextInstant();
        var ms = await BenchTiming.TimeAsync(() => action(numbers, at));
        written.Add(await CheckAsync(before, at));
        return ms;
    }

    private async Task OursAsync(List<int> numbers, DateTimeOffset at)
    {
        var cancel = new CancelOrders(contexts, new FixedClock(at), CarrierRules.Default);
        var outcome = await cancel.RunAsync(new CancelOrdersRequest(numbers, CancelReason.Other, Comment, DeleteLabels: true), By);
        if (outcome.DoneCount != numbers.Count)
        {
            throw new InvalidOperationException($"CancelOrders cancelled {outcome.DoneCount} of {numbers.Count}: {outcome.Summary()}");
        }
    }

    /// <summary>The same work by hand (<see cref="IRawSql.CancelAsync"/>): one write transaction, set-based statements, no entities.</summary>
    private async Task RawAsync(List<int> numbers, DateTimeOffset at)
    {
        await using var connection = await database.OpenAsync();
        var cancelled = await database.Raw.CancelAsync(connection, numbers, at, By, CancelReason.Other, Comment);
        if (cancelled != numbers.Count)
        {
            throw new InvalidOperationException($"The raw twin cancelled {cancelled} of {numbers.Count}.");
        }
    }

    /// <summary>Before a run (untimed): how many of the orders are open, shipped with an active label, or shipped without.</summary>
    private async Task<Before> StateAsync(List<int> numbers)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT
                SUM(CASE WHEN "Status" IN ('AwaitingFulfillment', 'DropshipmentRequested') THEN 1 ELSE 0 END),
                SUM(CASE WHEN "Status" = 'Shipped' AND EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "o"."Number" AND "l"."State" = 'Active') THEN 1 ELSE 0 END),
                SUM(CASE WHEN "Status" = 'Shipped' AND NOT EXISTS (SELECT 1 FROM "Labels" AS "l" WHERE "l"."OrderNumber" = "o"."Number" AND "l"."State" = 'Active') THEN 1 ELSE 0 END),
                (SELECT COUNT(*) FROM "OrderLines" WHERE "OrderNumber" IN ({string.Join(",", numbers)}))
            FROM "Orders" AS "o" WHERE "Number" IN ({string.Join(",", numbers)})
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Before(numbers.Count, Int(reader, 0), Int(reader, 1), Int(reader, 2), Int(reader, 3));
    }

    /// <summary>After a run (untimed): the rows it wrote at its instant, against what the rules say it must write.</summary>
    private async Task<Written> CheckAsync(Before before, DateTimeOffset at)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
                (SELECT COUNT(*) FROM "Orders" WHERE "CancelledAt" = @at),
                (SELECT COUNT(*) FROM "Labels" WHERE "DeletedAt" = @at),
                (SELECT COUNT(*) FROM "RefundRequests" WHERE "RequestedAt" = @at),
                (SELECT COUNT(*) FROM "OrderEvents" WHERE "At" = @at)
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@at";
        parameter.Value = at.UtcDateTime;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (orders, labels, refunds, events) = (Int(reader, 0), Int(reader, 1), Int(reader, 2), Int(reader, 3));
        var expectedEvents = before.Orders + (2 * before.ShippedWithLabel);
        var asExpected = orders == before.Orders && labels == before.ShippedWithLabel && refunds == labels && events == expectedEvents;
        var mix = string.Create(CultureInfo.InvariantCulture,
            $"{before.Open:N0} open + {before.ShippedWithLabel:N0} shipped with label + {before.ShippedByHand:N0} shipped by hand ({before.Lines:N0} lines); " +
            $"wrote {orders:N0} orders, {labels:N0} labels, {refunds:N0} refunds, {events:N0} events");
        return new Written(asExpected, asExpected ? mix : $"expected {before.Orders} orders, {before.ShippedWithLabel} labels, {expectedEvents} events but {mix}");
    }

    /// <summary>A count or sum as an int, whatever integer type the database returns for it (SQLite: long, PostgreSQL: bigint or numeric).</summary>
    private static int Int(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? 0 : Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    private sealed record Before(int Orders, int Open, int ShippedWithLabel, int ShippedByHand, int Lines);

    private sealed record Written(bool AsExpected, string Mix);
}
