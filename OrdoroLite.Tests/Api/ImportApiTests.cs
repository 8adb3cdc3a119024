using System.Net;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Api.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>POST /api/v1/orders/import: the order CSV as the body, through the import the button uses.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ImportApiTests(ApiServer server)
{
    private const string Header = "channel,channel_order_id,order_date,customer_name,customer_email,ship_to_street,ship_to_city,ship_to_region,ship_to_postal_code,ship_to_country,ship_from_warehouse,sku,quantity,unit_price";

    [Fact]
    public async Task An_order_file_imports_its_orders_attributed_to_the_key_and_a_second_import_of_it_creates_none()
    {
        var key = await server.CreateKeyAsync("Channel feed", ApiScopes.Import);
        using var api = new ApiClient(server.App.BaseAddress, key.Token);
        var id = $"API-{Guid.NewGuid():N}"[..20];
        var file = $"""
            {Header}
            Shopify,{id}-1,2026-11-20T14:30:00Z,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East Coast DC (Newark),TEE-00001,2,19.99
            Shopify,{id}-1,2026-11-20T14:30:00Z,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East Coast DC (Newark),MUG-00002,1,12.50
            Amazon,{id}-2,2026-11-21,Lee Park,lee.park@example.com,"200 Market St, Apt 4",San Francisco,CA,94105,US,West Coast DC (Reno),CAP-00003,3,15.00
            """;

        var first = await api.PostRawAsync("/api/v1/orders/import?fileName=feed.csv", file, "text/csv");
        var again = await api.PostRawAsync("/api/v1/orders/import?fileName=feed.csv", file, "text/csv");

        first.Status.Should().Be(HttpStatusCode.OK, first.Text);
        first.Json.GetProperty("imported").GetInt32().Should().Be(2);
        first.Json.GetProperty("source").GetString().Should().Be("file feed.csv");
        again.Json.GetProperty("imported").GetInt32().Should().Be(0);
        again.Json.GetProperty("alreadyPresent").GetInt32().Should().Be(2);
        await using var db = await server.Contexts.CreateDbContextAsync();
        var imported = await db.OrderEvents.AsNoTracking()
            .Where(e => e.Type == OrderEventType.Imported && db.Orders.Any(o => o.Number == e.OrderNumber && o.ChannelOrderId.StartsWith(id)))
            .ToListAsync();
        imported.Should().HaveCount(2).And.OnlyContain(e => e.ActorName == "Channel feed (key of Morgan Manager)" && e.Detail == "file feed.csv");
    }

    [Fact]
    public async Task A_file_with_problems_imports_nothing_and_lists_each_problem_with_its_line()
    {
        using var api = await server.ClientAsync(ApiScopes.Import);
        var id = $"BAD-{Guid.NewGuid():N}"[..20];
        var file = $"""
            {Header}
            Shopify,{id}-1,2026-11-20,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,East Coast DC (Newark),TEE-00001,0,19.99
            Shopify,{id}-2,2026-11-20,Dana Buyer,dana@example.com,1 Elm St,Portland,OR,97201,US,Nowhere DC,TEE-00001,1,19.99
            """;

        var response = await api.PostRawAsync("/api/v1/orders/import", file, "text/csv");

        response.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        response.Detail.Should().StartWith("file api-import.csv: nothing was imported because the file has");
        response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).Should().Contain(e => e!.StartsWith("Line 2:"));
        await using var db = await server.Contexts.CreateDbContextAsync();
        (await db.Orders.CountAsync(o => o.ChannelOrderId.StartsWith(id))).Should().Be(0);
    }

    [Fact]
    public async Task An_empty_body_or_another_content_type_is_refused()
    {
        using var api = await server.ClientAsync(ApiScopes.Import);

        var empty = await api.PostRawAsync("/api/v1/orders/import", "", "text/csv");
        var json = await api.PostRawAsync("/api/v1/orders/import", "{}", "application/json");

        empty.Status.Should().Be(HttpStatusCode.BadRequest);
        empty.Errors[""].Should().Equal("The body is empty: send the order file (CSV) as the body.");
        json.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }
}
