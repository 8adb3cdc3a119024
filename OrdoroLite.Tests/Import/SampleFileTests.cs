using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Seeding;

namespace OrdoroLite.Tests.Import;

/// <summary>The sample file of docs/import.md imports into the demo data, and a second import changes nothing.</summary>
public sealed class SampleFileTests
{
    private static string SamplePath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "OrdoroLite.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Repository root not found."), "samples", "orders.csv");
    }

    [Fact]
    public async Task Sample_file_round_trips_into_the_demo_data_and_a_second_import_creates_nothing()
    {
        await using var seeded = await SeededDatabase.CreateAsync();
        var import = new ImportOrders(seeded.Database, new FakeTimeProvider(SeededDatabase.Now));
        var job = Actor.System("Scheduled import");

        ImportSummary first;
        await using (var file = File.OpenRead(SamplePath()))
        {
            first = await import.RunAsync(file, "orders.csv", job);
        }

        ImportSummary second;
        await using (var file = File.OpenRead(SamplePath()))
        {
            second = await import.RunAsync(file, "orders.csv", job);
        }

        first.Problems.Should().BeEmpty();
        first.Imported.Should().Be(4);
        second.Imported.Should().Be(0);
        second.AlreadyPresent.Should().Be(4);
        await using var db = seeded.Database.CreateDbContext();
        var sample = await db.Orders.Include(o => o.Lines).Where(o => o.ChannelOrderId.Contains("SAMPLE")).ToListAsync();
        sample.Should().HaveCount(4);
        sample.Single(o => o.ChannelOrderId == "SHP-SAMPLE-1001").Lines.Should().HaveCount(2);
        sample.Single(o => o.ChannelOrderId == "EBY-SAMPLE-3003").Status.Should().Be(OrderStatus.DropshipmentRequested);
        sample.Single(o => o.ChannelOrderId == "112-SAMPLE-2002").ShipTo.Street.Should().Be("200 Market St, Apt 4");
    }
}
