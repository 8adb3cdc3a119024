using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

/// <summary>The grid's queries as the app runs them (its DI, its logging): EF must have nothing to warn about.</summary>
public sealed class OrderGridLogTests
{
    [Fact]
    public async Task No_grid_query_limits_rows_without_an_order()
    {
        await using var file = TestDatabase.OnDisk();
        var logs = new CapturedLogs();
        await using var app = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddOrdoroDomain(file.ConnectionString)
            .BuildServiceProvider();
        var grid = app.GetRequiredService<OrderGrid>();
        var lastWeek = new InstantRange(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow);

        foreach (var request in new OrderGridRequest[]
        {
            new(OrderTab.AwaitingFulfillment),
            new(OrderTab.All, Search: "casey"),
            new(OrderTab.All, Search: "1042"),
            new(OrderTab.Shipped, Channel: "Shopify"),
            new(OrderTab.All, WarehouseId: 1, Search: "casey"),
            new(OrderTab.Cancelled, Sort: OrderSort.CancelledAt, Cancellation: new CancellationFilter(Reason: CancelReason.OutOfStock)),
            new(OrderTab.All, OrderDate: lastWeek),
        })
        {
            await grid.LoadAsync(request);
            await grid.MatchingNumbersAsync(request, 100_000);
        }

        logs.Warnings.Should().BeEmpty();
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    logs.Warnings.Enqueue($"{eventId.Name}: {formatter(state, exception)}");
                }
            }
        }
    }
}
