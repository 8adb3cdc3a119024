using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Api.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>GET /api/v1/orders and /api/v1/orders/{number} over the real app: the grid's rows and the order page's details.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class OrderReadApiTests(ApiServer server)
{
    [Fact]
    public async Task Listing_a_status_gives_the_grids_rows_in_its_order_with_its_total_and_the_next_offset()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);
        var grid = await server.Services.GetRequiredService<OrderGrid>().LoadAsync(new OrderGridRequest(OrderTab.Shipped, PageSize: 100));

        var response = await api.GetAsync("/api/v1/orders?status=shipped&limit=30&offset=10");

        response.Status.Should().Be(HttpStatusCode.OK);
        var body = response.Json;
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32())
            .Should().Equal(grid.Rows.Skip(10).Take(30).Select(r => r.Number));
        body.GetProperty("total").GetInt32().Should().Be(grid.TotalCount);
        body.GetProperty("nextOffset").GetInt32().Should().Be(40);
        var first = body.GetProperty("items")[0];
        first.GetProperty("status").GetString().Should().Be("Shipped");
        first.GetProperty("statusName").GetString().Should().Be("Shipped");
    }

    [Fact]
    public async Task A_page_of_500_spanning_the_grids_pages_equals_those_pages_and_the_last_page_has_no_next_offset()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);
        var grid = server.Services.GetRequiredService<OrderGrid>();
        var expected = new List<int>();
        for (var page = 0; page < 7; page++)
        {
            expected.AddRange((await grid.LoadAsync(new OrderGridRequest(OrderTab.All, page, 100, OrderSort.Number, Descending: false))).Rows.Select(r => r.Number));
        }

        var big = await api.GetAsync("/api/v1/orders?sort=number&direction=asc&limit=500&offset=150");
        var total = big.Json.GetProperty("total").GetInt32();
        var last = await api.GetAsync($"/api/v1/orders?sort=number&direction=asc&limit=500&offset={total - 3}");

        big.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).Should().Equal(expected.Skip(150).Take(500));
        last.Json.GetProperty("items").GetArrayLength().Should().Be(3);
        last.Json.GetProperty("nextOffset").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Filters_of_the_grid_narrow_the_list_as_they_narrow_the_grid()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);
        await using var db = await server.Contexts.CreateDbContextAsync();
        var cancelled = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Cancelled && o.Cancellation!.Reason == CancelReason.OutOfStock)
            .Select(o => new { o.Number, o.Channel, o.WarehouseId, o.Cancellation!.ByName }).FirstAsync();
        var grid = await server.Services.GetRequiredService<OrderGrid>().LoadAsync(new OrderGridRequest(OrderTab.Cancelled, 0, 100,
            Channel: cancelled.Channel, WarehouseId: cancelled.WarehouseId,
            Cancellation: new CancellationFilter(CancelReason.OutOfStock, CancelledBy: cancelled.ByName)));

        var response = await api.GetAsync($"/api/v1/orders?status=Cancelled&channel={cancelled.Channel}&warehouseId={cancelled.WarehouseId}" +
            $"&cancelReason=Out%20of%20stock&cancelledBy={Uri.EscapeDataString(cancelled.ByName)}&limit=100");

        var items = response.Json.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("number").GetInt32()).Should().Equal(grid.Rows.Select(r => r.Number)).And.Contain(cancelled.Number);
        items.Should().OnlyContain(i => i.GetProperty("cancellation").GetProperty("reason").GetString() == "OutOfStock"
            && i.GetProperty("cancellation").GetProperty("byName").GetString() == cancelled.ByName);
    }

    [Fact]
    public async Task Order_and_cancellation_date_ranges_narrow_the_list_as_they_narrow_the_grid()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);
        await using var db = await server.Contexts.CreateDbContextAsync();
        var dates = await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Cancelled)
            .OrderBy(o => o.Number).Select(o => new { o.OrderDate, o.Cancellation!.At }).Take(200).ToListAsync();
        var placed = new InstantRange(dates.Min(d => d.OrderDate).AddDays(5), dates.Max(d => d.OrderDate).AddDays(-5));
        var cancelled = new InstantRange(dates.Min(d => d.At).AddDays(2), null);
        var grid = await server.Services.GetRequiredService<OrderGrid>().LoadAsync(new OrderGridRequest(OrderTab.Cancelled, 0, 100,
            Cancellation: new CancellationFilter(CancelledAt: cancelled), OrderDate: placed));

        var response = await api.GetAsync($"/api/v1/orders?status=Cancelled&limit=100" +
            $"&orderedFrom={Uri.EscapeDataString(placed.From!.Value.ToString("O"))}&orderedTo={Uri.EscapeDataString(placed.To!.Value.ToString("O"))}" +
            $"&cancelledFrom={Uri.EscapeDataString(cancelled.From!.Value.ToString("O"))}");

        var numbers = response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).ToList();
        numbers.Should().NotBeEmpty().And.Equal(grid.Rows.Select(r => r.Number));
        response.Json.GetProperty("total").GetInt32().Should().Be(grid.TotalCount);
        var shown = await db.Orders.AsNoTracking().Where(o => numbers.Contains(o.Number)).Select(o => new { o.OrderDate, o.Cancellation!.At }).ToListAsync();
        shown.Should().OnlyContain(o => o.OrderDate >= placed.From && o.OrderDate < placed.To && o.At >= cancelled.From);
    }

    [Fact]
    public async Task A_date_range_that_is_not_one_and_an_offset_past_the_last_page_are_refused_with_their_fields_named()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);

        var response = await api.GetAsync("/api/v1/orders?orderedFrom=2026-11-02&orderedTo=2026-11-01&cancelledFrom=yesterday&offset=9999601");

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Errors.Keys.Should().BeEquivalentTo("orderedTo", "cancelledFrom", "offset");
        response.Errors["orderedTo"].Single().Should().Be("orderedTo must be after orderedFrom.");
        response.Errors["cancelledFrom"].Single().Should().Be("cancelledFrom must be an instant such as 2026-11-01T00:00:00Z, not \"yesterday\".");
        response.Errors["offset"].Single().Should().Be("offset must be a whole number from 0 to 9,999,600, not \"9999601\".");
        (await api.GetAsync("/api/v1/orders?offset=9999600&limit=500")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_search_by_order_number_finds_that_order()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);

        var response = await api.GetAsync("/api/v1/orders?search=1234");

        response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).Should().Contain(1234);
    }

    [Fact]
    public async Task Every_bad_value_of_the_list_is_listed_in_one_problem_and_nothing_is_read()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);

        var response = await api.GetAsync("/api/v1/orders?status=open&sort=price&direction=up&warehouseId=abc&cancelReason=bored&limit=501&offset=-1");

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.ContentType.Should().Be("application/problem+json");
        response.Errors.Keys.Should().BeEquivalentTo("status", "sort", "direction", "warehouseId", "cancelReason", "limit", "offset");
        response.Errors["cancelReason"].Single().Should().StartWith("\"bored\" is not a cancellation reason. Choose one of: Customer request");
        response.Errors["limit"].Single().Should().Be("limit must be a whole number from 1 to 500, not \"501\".");
    }

    [Fact]
    public async Task One_order_comes_with_its_lines_labels_refunds_and_timeline_as_the_order_page_shows_them()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);
        await using var db = await server.Contexts.CreateDbContextAsync();
        var number = await db.RefundRequests.OrderBy(r => r.OrderNumber).Select(r => r.OrderNumber).FirstAsync();
        var details = (await server.Services.GetRequiredService<OrderDetails>().FindAsync(number))!;

        var response = await api.GetAsync($"/api/v1/orders/{number}");

        response.Status.Should().Be(HttpStatusCode.OK);
        var order = response.Json;
        order.GetProperty("number").GetInt32().Should().Be(number);
        order.GetProperty("channelOrderId").GetString().Should().Be(details.ChannelOrderId);
        order.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("sku").GetString()!, l.GetProperty("quantity").GetInt32()))
            .Should().Equal(details.Lines.Select(l => (l.Sku, l.Quantity)));
        order.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("trackingNumber").GetString())
            .Should().Equal(details.Labels.Select(l => l.TrackingNumber));
        order.GetProperty("labels").EnumerateArray().Should().Contain(l => l.GetProperty("refund").ValueKind == System.Text.Json.JsonValueKind.Object);
        order.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Should().Equal(details.Timeline.Select(e => e.Id));
    }

    [Fact]
    public async Task An_unknown_order_is_404_with_the_order_pages_sentence_and_a_number_that_is_not_one_is_400()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);

        var unknown = await api.GetAsync("/api/v1/orders/99999999");
        var notANumber = await api.GetAsync("/api/v1/orders/12ab");

        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown.Detail.Should().Be("Order 99999999 does not exist.");
        notANumber.Status.Should().Be(HttpStatusCode.BadRequest);
        notANumber.Errors["number"].Single().Should().Be("\"12ab\" is not an order number; order numbers are whole numbers from 1 to 2,147,483,647.");
    }

    [Fact]
    public async Task A_path_or_method_the_api_does_not_have_is_a_problem_not_the_sign_in_page()
    {
        using var api = await server.ClientAsync(ApiScopes.Read);

        var noPath = await api.GetAsync("/api/v1/customers");
        var wrongMethod = await api.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/orders/12"));

        noPath.Status.Should().Be(HttpStatusCode.NotFound);
        noPath.ContentType.Should().Be("application/problem+json");
        noPath.Detail.Should().Contain("GET /api/v1/customers is not part of the API");
        wrongMethod.Status.Should().Be(HttpStatusCode.MethodNotAllowed);
        wrongMethod.ContentType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("/api/v1/orders/cancel")]
    [InlineData("/api/v1/orders/import")]
    [InlineData("/api/v1/orders/delete-labels/")]
    public async Task Getting_an_action_that_takes_post_is_method_not_allowed_not_a_bad_order_number(string path)
    {
        using var api = await server.ClientAsync(ApiScopes.Read);

        var response = await api.GetAsync(path);
        var notANumber = await api.GetAsync("/api/v1/orders/abc");

        response.Status.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.ContentType.Should().Be("application/problem+json");
        response.Detail.Should().Be($"{path} does not take GET (allowed: POST).");
        notANumber.Status.Should().Be(HttpStatusCode.BadRequest);
        notANumber.Detail.Should().Contain("\"abc\" is not an order number");
    }
}
