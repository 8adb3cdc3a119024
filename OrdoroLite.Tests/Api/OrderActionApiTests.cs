using System.Net;
using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>The write endpoints over the real app: each calls the use case the UI calls and reports per order as the UI does.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class OrderActionApiTests(ApiServer server)
{
    [Fact]
    public async Task Cancelling_one_order_cancels_it_and_its_timeline_names_the_key_and_the_manager_who_created_it()
    {
        var key = await server.CreateKeyAsync("Shopify sync", ApiScopes.Cancel);
        using var api = new ApiClient(server.App.BaseAddress, key.Token);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var committedBefore = await CommittedAsync(order);

        var response = await api.PostAsync($"/api/v1/orders/{order.Number}/cancel",
            new { reason = "Customer request", comment = "Customer wrote to support", deleteLabel = false });

        response.Status.Should().Be(HttpStatusCode.OK);
        response.Json.GetProperty("summary").GetString().Should().Be("1 cancelled");
        response.Json.GetProperty("orders")[0].GetProperty("outcome").GetString().Should().Be("Done");
        var cancelled = await LastEventAsync(order.Number);
        cancelled.Type.Should().Be(OrderEventType.Cancelled);
        cancelled.ActorId.Should().Be($"apikey:{key.Key.Id}");
        cancelled.ActorName.Should().Be("Shopify sync (key of Morgan Manager)");
        cancelled.Reason.Should().Be(CancelReason.CustomerRequest);
        cancelled.Comment.Should().Be("Customer wrote to support");
        (await CommittedAsync(order)).Should().Be(committedBefore - order.Line.Quantity);
    }

    [Fact]
    public async Task Cancelling_many_reports_each_order_as_the_ui_does_cancelled_skipped_and_not_found()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var open = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);
        var already = await server.App.ClaimOneAsync(o => o.Where(x => x.Status == OrderStatus.Cancelled));

        var response = await api.PostAsync("/api/v1/orders/cancel",
            new { orderNumbers = new[] { open[0].Number, already.Number, 99999999, open[1].Number }, reason = "OutOfStock" });

        response.Status.Should().Be(HttpStatusCode.OK);
        response.Json.GetProperty("summary").GetString().Should().Be("2 cancelled, 1 skipped: already cancelled, 1 not found");
        response.Json.GetProperty("doneCount").GetInt32().Should().Be(2);
        response.Json.GetProperty("orders").EnumerateArray()
            .Select(o => (o.GetProperty("orderNumber").GetInt32(), o.GetProperty("outcome").GetString(), o.GetProperty("message").GetString()))
            .Should().Equal(
                (open[0].Number, "Done", "cancelled"),
                (already.Number, "Skipped", "already cancelled"),
                (99999999, "NotFound", "order 99999999 does not exist"),
                (open[1].Number, "Done", "cancelled"));
    }

    [Fact]
    public async Task Cancelling_with_delete_labels_deletes_the_active_label_and_requests_its_refund()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var shipped = await server.App.ClaimOneAsync(OrderFinder.ShippedWithActiveLabel);

        var response = await api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { shipped.Number }, deleteLabels = true });

        response.Json.GetProperty("summary").GetString().Should().Be("1 cancelled");
        await using var db = await server.Contexts.CreateDbContextAsync();
        var label = await db.Labels.AsNoTracking().Include(l => l.Refund).SingleAsync(l => l.TrackingNumber == shipped.ActiveTracking);
        label.State.Should().Be(LabelState.Deleted);
        label.Refund.Should().NotBeNull();
    }

    [Fact]
    public async Task Restoring_one_and_many_puts_cancelled_orders_back_where_they_were()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var orders = await server.App.ClaimAsync(3, OrderFinder.AwaitingWithOneLine);
        await api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = orders.Select(o => o.Number) });

        var one = await api.PostAsync($"/api/v1/orders/{orders[0].Number}/restore", new { comment = "Customer changed their mind" });
        var many = await api.PostAsync("/api/v1/orders/restore", new { orderNumbers = new[] { orders[1].Number, orders[2].Number, orders[0].Number } });

        one.Json.GetProperty("summary").GetString().Should().Be("1 restored");
        one.Json.GetProperty("orders")[0].GetProperty("message").GetString().Should().Be("restored to Awaiting Fulfillment");
        // The demo data oversells some SKUs, so a restore may add "…, 1 stock warning" (the UI's snackbar says the same).
        many.Json.GetProperty("summary").GetString().Should().StartWith("2 restored, 1 skipped: not cancelled (Awaiting Fulfillment)");
        await using var db = await server.Contexts.CreateDbContextAsync();
        (await db.Orders.Where(o => orders.Select(x => x.Number).Contains(o.Number)).Select(o => o.Status).ToListAsync())
            .Should().OnlyContain(s => s == OrderStatus.AwaitingFulfillment);
    }

    [Fact]
    public async Task Creating_a_label_ships_an_awaiting_order_and_deleting_it_brings_the_order_back_with_a_refund_requested()
    {
        using var api = await server.ClientAsync(ApiScopes.Labels);
        var orders = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);

        var created = await api.PostAsync($"/api/v1/orders/{orders[0].Number}/create-label", new { comment = "Picked" });
        var createdMany = await api.PostAsync("/api/v1/orders/create-labels", new { orderNumbers = new[] { orders[1].Number, orders[0].Number } });
        var deleted = await api.PostAsync($"/api/v1/orders/{orders[0].Number}/delete-label", null);
        var deletedMany = await api.PostAsync("/api/v1/orders/delete-labels", new { orderNumbers = new[] { orders[1].Number, orders[0].Number } });

        created.Json.GetProperty("summary").GetString().Should().Be("1 label created");
        createdMany.Json.GetProperty("summary").GetString().Should().StartWith("1 label created, 1 skipped: ");
        deleted.Json.GetProperty("summary").GetString().Should().Be("1 label deleted");
        deleted.Json.GetProperty("orders")[0].GetProperty("message").GetString().Should().Be("label deleted, refund requested");
        deletedMany.Json.GetProperty("summary").GetString().Should().StartWith("1 label deleted, 1 skipped: ");
        await using var db = await server.Contexts.CreateDbContextAsync();
        (await db.RefundRequests.CountAsync(r => r.OrderNumber == orders[0].Number || r.OrderNumber == orders[1].Number)).Should().Be(2);
    }

    [Fact]
    public async Task A_key_without_the_labels_scope_may_not_touch_labels_and_nothing_is_written()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel, ApiScopes.Read);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var eventsBefore = await EventCountAsync(order.Number);

        var response = await api.PostAsync($"/api/v1/orders/{order.Number}/create-label", null);

        response.Status.Should().Be(HttpStatusCode.Forbidden);
        response.Detail.Should().Contain("it lacks the scope \"labels:write\"");
        (await EventCountAsync(order.Number)).Should().Be(eventsBefore);
    }

    [Fact]
    public async Task A_comment_lands_on_the_timeline_a_blank_one_is_refused_and_an_unknown_order_is_404()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);

        var added = await api.PostAsync($"/api/v1/orders/{order.Number}/comments", new { comment = "  Called the customer  " });
        var blank = await api.PostAsync($"/api/v1/orders/{order.Number}/comments", new { comment = "   " });
        var unknown = await api.PostAsync("/api/v1/orders/99999999/comments", new { comment = "Hello" });

        added.Status.Should().Be(HttpStatusCode.Created);
        added.Json.GetProperty("summary").GetString().Should().Be("Comment added.");
        var e = await LastEventAsync(order.Number);
        (e.Type, e.Comment).Should().Be((OrderEventType.Commented, "Called the customer"));
        blank.Status.Should().Be(HttpStatusCode.BadRequest);
        blank.Errors["comment"].Should().Equal("Type a comment before adding it.");
        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown.Detail.Should().Be("Order 99999999 does not exist.");
    }

    [Fact]
    public async Task A_comment_for_many_orders_lands_on_each_timeline_reported_per_order_and_a_blank_one_is_refused()
    {
        var key = await server.CreateKeyAsync("Helpdesk", ApiScopes.Cancel);
        using var api = new ApiClient(server.App.BaseAddress, key.Token);
        var orders = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);

        var added = await api.PostAsync("/api/v1/orders/comments",
            new { orderNumbers = new[] { orders[0].Number, 99999997, orders[1].Number }, comment = "Carrier strike: expect delays" });
        var blank = await api.PostAsync("/api/v1/orders/comments", new { orderNumbers = new[] { orders[0].Number }, comment = " " });

        added.Status.Should().Be(HttpStatusCode.OK);
        added.Json.GetProperty("summary").GetString().Should().Be("2 commented, 1 not found");
        added.Json.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("outcome").GetString()).Should().Equal("Done", "NotFound", "Done");
        foreach (var order in orders)
        {
            var e = await LastEventAsync(order.Number);
            (e.Type, e.Comment, e.ActorName).Should().Be((OrderEventType.Commented, "Carrier strike: expect delays", "Helpdesk (key of Morgan Manager)"));
        }

        blank.Status.Should().Be(HttpStatusCode.BadRequest);
        blank.Errors["comment"].Should().Equal("Type a comment before adding it.");
        (await LastEventAsync(orders[0].Number)).Comment.Should().Be("Carrier strike: expect delays");
    }

    [Fact]
    public async Task An_action_on_an_unknown_order_is_404_writes_nothing_and_leaves_its_idempotency_key_free()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var key = Guid.NewGuid().ToString();

        var unknown = await api.PostAsync("/api/v1/orders/99999998/cancel", new { }, key);
        var sameKeyOnARealOrder = await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { }, key);

        unknown.Status.Should().Be(HttpStatusCode.NotFound);
        unknown.Detail.Should().Be("Order 99999998 does not exist.");
        sameKeyOnARealOrder.Status.Should().Be(HttpStatusCode.OK);
        sameKeyOnARealOrder.Json.GetProperty("summary").GetString().Should().Be("1 cancelled");
    }

    [Fact]
    public async Task Bad_input_lists_every_problem_with_the_uis_sentences_and_changes_nothing()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);
        var eventsBefore = await EventCountAsync(order.Number);
        var keysBefore = await IdempotencyRowsAsync();

        var response = await api.PostAsync("/api/v1/orders/cancel", new
        {
            orderNumbers = new object[] { order.Number, "x", 0 },
            reason = "Bored",
            comment = new string('a', 2001),
            deleteLabels = "yes",
            deleteLabel = true,
        });

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["orderNumbers"] = ["\"x\", 0 are not order numbers; order numbers are whole numbers from 1 to 2,147,483,647."],
            ["reason"] = ["\"Bored\" is not a cancellation reason. Choose one of: Customer request, Out of stock, Suspected fraud, Duplicate order, Address problem, Shipping delay, Other."],
            ["comment"] = ["The comment is 2,001 characters long; the limit is 2,000. Nothing was changed."],
            ["deleteLabels"] = ["\"deleteLabels\" must be true or false."],
            ["deleteLabel"] = ["\"deleteLabel\" is not a field of this request. Its fields: orderNumbers, reason, comment, deleteLabels."],
        });
        (await EventCountAsync(order.Number)).Should().Be(eventsBefore);
        (await IdempotencyRowsAsync()).Should().Be(keysBefore);
    }

    [Fact]
    public async Task A_field_given_twice_is_refused_and_neither_list_of_orders_is_cancelled()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);
        var orders = await server.App.ClaimAsync(2, OrderFinder.AwaitingWithOneLine);

        var response = await api.PostRawAsync("/api/v1/orders/cancel",
            $"{{\"orderNumbers\": [{orders[0].Number}], \"orderNumbers\": [{orders[1].Number}]}}", "application/json");

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Errors[""].Single().Should().StartWith("The body is not valid JSON");
        await using var db = await server.Contexts.CreateDbContextAsync();
        (await db.Orders.Where(o => o.Number == orders[0].Number || o.Number == orders[1].Number).Select(o => o.Status).ToListAsync())
            .Should().OnlyContain(s => s == OrderStatus.AwaitingFulfillment);
    }

    [Fact]
    public async Task Malformed_json_a_missing_list_and_a_missing_idempotency_key_are_each_refused_with_a_sentence()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);

        var malformed = await api.PostRawAsync("/api/v1/orders/cancel", "{\"orderNumbers\": [1,", "application/json");
        var missing = await api.PostAsync("/api/v1/orders/cancel", new { reason = "Other" });
        var noKey = await api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { 1 } }, idempotencyKey: null);
        var notJson = await api.PostRawAsync("/api/v1/orders/cancel", "orderNumbers=1", "application/x-www-form-urlencoded");

        malformed.Errors[""].Single().Should().StartWith("The body is not valid JSON");
        missing.Errors["orderNumbers"].Should().Equal("No orders were selected. Select at least one order.");
        noKey.Status.Should().Be(HttpStatusCode.BadRequest);
        noKey.Errors["Idempotency-Key"].Single().Should().StartWith("Send an Idempotency-Key header with every write");
        notJson.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        notJson.ContentType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task More_orders_than_one_action_of_the_ui_takes_are_refused_with_its_sentence()
    {
        using var api = await server.ClientAsync(ApiScopes.Cancel);

        var response = await api.PostAsync("/api/v1/orders/cancel", new { orderNumbers = Enumerable.Range(1, 10_001) });

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Errors["orderNumbers"].Should().Equal("10,001 orders were selected; one action takes at most 10,000. Nothing was changed.");
    }

    [Fact]
    public void The_api_takes_as_many_orders_per_action_as_the_ui()
    {
        ApiInputMax().Should().Be(OrderBatch.MaxOrders);
    }

    private static int ApiInputMax() => OrdoroLite.App.Features.Api.ApiInput.MaxOrders;

    private async Task<OrderEvent> LastEventAsync(int number)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.OrderEvents.AsNoTracking().Where(e => e.OrderNumber == number).OrderByDescending(e => e.Id).FirstAsync();
    }

    private async Task<int> EventCountAsync(int number)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.OrderEvents.CountAsync(e => e.OrderNumber == number);
    }

    private async Task<int> IdempotencyRowsAsync()
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        return await db.IdempotencyRecords.CountAsync();
    }

    private async Task<int> CommittedAsync(OrderFacts order)
    {
        await using var db = await server.Contexts.CreateDbContextAsync();
        var warehouse = await db.Warehouses.Where(w => w.Name == order.Warehouse).Select(w => w.Id).SingleAsync();
        return await db.Inventory.Where(l => l.WarehouseId == warehouse && db.Products.Any(p => p.Id == l.ProductId && p.Sku == order.Line.Sku))
            .Select(l => l.Committed).SingleAsync();
    }
}
