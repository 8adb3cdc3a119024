using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Refunds;

/// <summary>
/// The worker writes a carrier's answer only where its lease is still stored as it took it. With the
/// real clock (100 ns ticks) on PostgreSQL (microseconds), an unrounded lease never matched again, so
/// every answer was dropped as "taken over" and no refund ever finished there.
/// </summary>
public abstract class RefundLeaseTests(TestDatabase database) : TwoWarehouses(database)
{
    [Fact]
    public async Task A_carriers_answer_under_the_system_clock_is_recorded_on_every_database()
    {
        var carrier = new SandboxCarrier(new SandboxCarrierOptions { LabelCarrier = "UPS" }, World.Clock);
        var number = await World.PlaceOrderAsync(East, (Widget, 1));
        await new CreateLabels(Database, carrier, World.Clock).RunAsync([number], null, Scenario.Alice);
        await World.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        await new RefundProcessor(Database, carrier, TimeProvider.System, new RefundOptions()).RunOnceAsync();

        await using var db = Database.CreateDbContext();
        (await db.RefundRequests.SingleAsync()).State.Should().Be(RefundState.Approved, "UPS-like voids at once");
    }

    public sealed class OnSqlite() : RefundLeaseTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : RefundLeaseTests(TestDatabase.Postgres());
}
