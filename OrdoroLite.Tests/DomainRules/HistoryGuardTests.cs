using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.DomainRules;

/// <summary>"Nothing is ever deleted" of shared/spec/CANCELLATION.md: the database itself refuses.</summary>
public abstract class HistoryGuardTests(TestDatabase database) : TwoWarehouses(database)
{
    [Theory]
    [InlineData("""DELETE FROM "Orders" """, "Orders are never deleted: cancel the order instead.")]
    [InlineData("""DELETE FROM "OrderLines" """, "Order lines are never deleted")]
    [InlineData("""DELETE FROM "Labels" """, "Labels are never deleted")]
    [InlineData("""DELETE FROM "OrderEvents" """, "Timeline events are never deleted: add a correcting event instead.")]
    [InlineData("""UPDATE "OrderEvents" SET "Comment" = 'rewritten', "ActorName" = 'Nobody'""", "Timeline events cannot be changed")]
    [InlineData("""DELETE FROM "ChannelCancellations" """, "Channel cancellations are never deleted")]
    public async Task Raw_sql_that_would_lose_history_is_refused_by_the_database_with_a_clear_message(string sql, string message)
    {
        var number = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 3));
        await World.CancelAsync([number], deleteLabels: true, comment: "original", alsoOnChannel: true);
        var before = await World.SnapshotAsync();
        var lines = await LineCountAsync();
        var channelCancellations = await ChannelCancellationCountAsync();
        await using var db = Database.CreateDbContext();

        var act = () => db.Database.ExecuteSqlRawAsync(sql);

        (await act.Should().ThrowAsync<DbException>()).Which.Message.Should().Contain(message);
        (await World.SnapshotAsync()).Should().BeEquivalentTo(before);
        (await LineCountAsync()).Should().Be(lines);
        (await ChannelCancellationCountAsync()).Should().Be(channelCancellations).And.Be(1);
    }

    [Fact]
    public async Task Removing_an_order_through_ef_is_refused_by_the_database()
    {
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        await using var db = Database.CreateDbContext();
        db.Orders.Remove(await db.Orders.SingleAsync(o => o.Number == number));

        var act = () => db.SaveChangesAsync();

        (await act.Should().ThrowAsync<DbUpdateException>()).WithInnerException<DbException>()
            .Which.Message.Should().Contain("Orders are never deleted");
        (await World.OrderAsync(number)).Status.Should().Be(OrderStatus.AwaitingFulfillment);
    }

    private async Task<int> ChannelCancellationCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.ChannelCancellations.CountAsync();
    }

    private async Task<int> LineCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.OrderLines.CountAsync();
    }

    public sealed class OnSqlite() : HistoryGuardTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : HistoryGuardTests(TestDatabase.Postgres());
}
