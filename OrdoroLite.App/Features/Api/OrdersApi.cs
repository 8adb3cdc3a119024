using Microsoft.AspNetCore.Mvc;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Import;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;

namespace OrdoroLite.App.Features.Api;

/// <summary>
/// The order endpoints of /api/v1 (docs/api.md). Reads go through the grid's and the order page's
/// queries (<see cref="OrderGrid"/>, <see cref="OrderDetails"/>); writes call the use cases the UI
/// calls (CancelOrders, RestoreOrders, CreateLabels, DeleteLabels, AddComment, ImportOrders) with the
/// key's actor, through <see cref="ApiWrites"/> (Idempotency-Key, problems), and tell open screens.
/// </summary>
public static class OrdersApi
{
    /// <summary>The grid loads pages of this size; the API's pages are cut from them.</summary>
    private const int GridPage = 100;

    public const int MaxLimit = 500;

    /// <summary>The deepest offset (9,999,600): a full page of <see cref="MaxLimit"/> still ends within the grid's last page (<see cref="Paging.MaxPage"/>).</summary>
    public const int MaxOffset = ((Paging.MaxPage + 1) * GridPage) - MaxLimit;

    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapGet("", ListAsync).Needs(ApiScopes.Read)
            .WithName("ListOrders").WithSummary("List orders with the grid's filters, a page at a time")
            .Produces<OrderListResponse>().ProducesApiProblem(400);
        orders.MapGet("/{number}", GetAsync).Needs(ApiScopes.Read)
            .WithName("GetOrder").WithSummary("One order with its lines, labels, refunds and timeline")
            .Produces<OrderResponse>().ProducesApiProblem(400, 404);

        orders.MapPost("/{number}/cancel", CancelOneAsync).Needs(ApiScopes.Cancel).Write<CancelOrderBody>()
            .WithName("CancelOrder").WithSummary("Cancel one order");
        orders.MapPost("/cancel", CancelManyAsync).Needs(ApiScopes.Cancel).Write<CancelOrdersBody>()
            .WithName("CancelOrders").WithSummary("Cancel many orders (at most 10,000)");
        orders.MapPost("/{number}/restore", (string number, HttpContext http, ApiWrites writes, RestoreOrders restore, OrderChanges changes) =>
                One(http, writes, changes, number, (numbers, comment, actor, ct) => restore.RunAsync(numbers, comment, actor, ct)))
            .Needs(ApiScopes.Cancel).Write<OrderCommentBody>().WithName("RestoreOrder").WithSummary("Restore one cancelled order");
        orders.MapPost("/restore", (HttpContext http, ApiWrites writes, RestoreOrders restore, OrderChanges changes) =>
                Many(http, writes, changes, (numbers, comment, actor, ct) => restore.RunAsync(numbers, comment, actor, ct)))
            .Needs(ApiScopes.Cancel).Write<OrdersCommentBody>().WithName("RestoreOrders").WithSummary("Restore many cancelled orders");
        orders.MapPost("/{number}/create-label", (string number, HttpContext http, ApiWrites writes, CreateLabels create, OrderChanges changes) =>
                One(http, writes, changes, number, (numbers, comment, actor, ct) => create.RunAsync(numbers, comment, actor, ct)))
            .Needs(ApiScopes.Labels).Write<OrderCommentBody>().WithName("CreateLabel").WithSummary("Create a label for one Awaiting Fulfillment order (it ships)");
        orders.MapPost("/create-labels", (HttpContext http, ApiWrites writes, CreateLabels create, OrderChanges changes) =>
                Many(http, writes, changes, (numbers, comment, actor, ct) => create.RunAsync(numbers, comment, actor, ct)))
            .Needs(ApiScopes.Labels).Write<OrdersCommentBody>().WithName("CreateLabels").WithSummary("Create labels for many orders");
        orders.MapPost("/{number}/delete-label", (string number, HttpContext http, ApiWrites writes, DeleteLabels delete, OrderChanges changes) =>
                One(http, writes, changes, number, (numbers, comment, actor, ct) => delete.RunAsync(numbers, comment, actor, ct)))
            .Needs(ApiScopes.Labels).Write<OrderCommentBody>().WithName("DeleteLabel")
            .WithSummary("Delete one order's Active label: a refund is requested, units return, the order goes back to Awaiting Fulfillment");
        orders.MapPost("/delete-labels", (HttpContext http, ApiWrites writes, DeleteLabels delete, OrderChanges changes) =>
                Many(http, writes, changes, (numbers, comment, actor, ct) => delete.RunAsync(numbers, comment, actor, ct)))
            .Needs(ApiScopes.Labels).Write<OrdersCommentBody>().WithName("DeleteLabels").WithSummary("Delete the Active labels of many orders");
        orders.MapPost("/{number}/comments", CommentAsync).Needs(ApiScopes.Cancel)
            .Write<AddCommentBody>(typeof(CommentResponse), StatusCodes.Status201Created)
            .WithName("AddComment").WithSummary("Add a comment to one order's timeline");
        orders.MapPost("/comments", CommentManyAsync).Needs(ApiScopes.Cancel).Write<AddCommentsBody>()
            .WithName("AddComments").WithSummary("Add one comment to the timelines of many orders (at most 10,000)");
        orders.MapPost("/import", ImportAsync).Needs(ApiScopes.Import)
            .Accepts<string>("text/csv")
            .WithIdempotencyKey()
            .Produces<ImportResponse>()
            .ProducesApiProblem(400, 409, 413, 422, 503)
            .WithName("ImportOrders").WithSummary("Import an order CSV (the body), as the Import Orders button does");
        return api;
    }

    private static async Task<IResult> ListAsync([AsParameters] OrderListQuery query, OrderGrid grid, CancellationToken ct)
    {
        var input = ApiInput.Query();
        var tab = Named(input, "status", query.Status, OrderTab.All, "a status");
        var sort = Named(input, "sort", query.Sort, OrderSort.Date, "a sort order");

        var descending = query.Direction?.Trim().ToLowerInvariant() switch
        {
            null or "" or "desc" => true,
            "asc" => false,
            _ => Problem(input, "direction", $"\"{query.Direction}\" is not a direction. Use asc or desc."),
        };
        int? warehouse = null;
        if (!string.IsNullOrWhiteSpace(query.WarehouseId))
        {
            warehouse = ApiInput.PathNumber(query.WarehouseId.Trim());
            if (warehouse is null)
            {
                input.Add("warehouseId", $"\"{query.WarehouseId}\" is not a warehouse id.");
            }
        }

        if (query.Search is { Length: > OrderGrid.MaxSearchLength })
        {
            input.Add("search", $"A search is at most {OrderGrid.MaxSearchLength} characters.");
        }

        var withoutReason = string.Equals(query.CancelReason?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        var reason = withoutReason ? null : input.Reason("cancelReason", query.CancelReason);
        var limit = input.QueryNumber("limit", query.Limit, 50, 1, MaxLimit);
        var offset = input.QueryNumber("offset", query.Offset, 0, 0, MaxOffset);
        var ordered = Range(input, "orderedFrom", query.OrderedFrom, "orderedTo", query.OrderedTo);
        var cancelledAt = Range(input, "cancelledFrom", query.CancelledFrom, "cancelledTo", query.CancelledTo);
        if (input.HasProblems)
        {
            return ApiProblems.Invalid(input.Problems);
        }

        var cancellation = new CancellationFilter(reason, withoutReason, Blank(query.CancelledBy), Blank(query.Sku), cancelledAt);
        var request = new OrderGridRequest(tab, 0, GridPage, sort, descending, Blank(query.Search), Blank(query.Channel), warehouse,
            cancellation.IsEmpty ? null : cancellation, ordered);

        // The grid serves pages of 25, 50 or 100; an API page is cut from the grid pages it spans.
        var rows = new List<OrderGridRow>();
        OrderGridPage? last = null;
        for (var page = offset / GridPage; page <= (offset + limit - 1) / GridPage; page++)
        {
            last = await grid.LoadAsync(request with { Page = page }, ct);
            rows.AddRange(last.Rows);
            if (last.Rows.Count < GridPage)
            {
                break;
            }
        }

        var items = rows.Skip(offset % GridPage).Take(limit).Select(OrderListItem.From).ToList();
        var total = last!.TotalCount;
        int? next = items.Count == limit && offset + limit < total ? offset + limit : null;
        return TypedResults.Ok(new OrderListResponse(items, total, last.TotalIsCapped, offset, limit, next));
    }

    private static async Task<IResult> GetAsync(string number, HttpContext http, OrderDetails details, CancellationToken ct)
    {
        if (ApiInput.PathNumber(number) is not { } n)
        {
            return ApiProblems.WrongMethod(http) ?? NotANumber(number);
        }

        return await details.FindAsync(n, ct) is { } order
            ? TypedResults.Ok(OrderResponse.From(order))
            : NotFound(n);
    }

    private static Task<IResult> CancelOneAsync(string number, HttpContext http, ApiWrites writes, CancelOrders cancel, OrderChanges changes) =>
        writes.RunAsync(http, body =>
        {
            var input = ApiInput.Json(body, "reason", "comment", "deleteLabel");
            var n = PathNumber(input, number);
            return (input, new CancelOrdersRequest([n], input.Reason(), input.Comment(), input.Flag("deleteLabel")));
        }, (request, actor, ct) => ActAsync(changes, request.OrderNumbers, single: true, () => cancel.RunAsync(request, actor, ct)));

    private static Task<IResult> CancelManyAsync(HttpContext http, ApiWrites writes, CancelOrders cancel, OrderChanges changes) =>
        writes.RunAsync(http, body =>
        {
            var input = ApiInput.Json(body, "orderNumbers", "reason", "comment", "deleteLabels");
            return (input, new CancelOrdersRequest(input.OrderNumbers(), input.Reason(), input.Comment(), input.Flag("deleteLabels")));
        }, (request, actor, ct) => ActAsync(changes, request.OrderNumbers, single: false, () => cancel.RunAsync(request, actor, ct)));

    private delegate Task<BulkOutcome> CommentedAction(IReadOnlyCollection<int> numbers, string? comment, Actor actor, CancellationToken ct);

    private static Task<IResult> One(HttpContext http, ApiWrites writes, OrderChanges changes, string number, CommentedAction action) =>
        writes.RunAsync(http, body =>
        {
            var input = ApiInput.Json(body, "comment");
            var n = PathNumber(input, number);
            return (input, (Numbers: (IReadOnlyCollection<int>)[n], Comment: input.Comment()));
        }, (x, actor, ct) => ActAsync(changes, x.Numbers, single: true, () => action(x.Numbers, x.Comment, actor, ct)));

    private static Task<IResult> Many(HttpContext http, ApiWrites writes, OrderChanges changes, CommentedAction action) =>
        writes.RunAsync(http, body =>
        {
            var input = ApiInput.Json(body, "orderNumbers", "comment");
            return (input, (Numbers: (IReadOnlyCollection<int>)input.OrderNumbers(), Comment: input.Comment()));
        }, (x, actor, ct) => ActAsync(changes, x.Numbers, single: false, () => action(x.Numbers, x.Comment, actor, ct)));

    /// <summary>Runs a bulk use case; on a one-order path an unknown order is a 404 (nothing was written).</summary>
    private static async Task<IResult> ActAsync(OrderChanges changes, IReadOnlyCollection<int> numbers, bool single, Func<Task<BulkOutcome>> run)
    {
        var outcome = await run();
        if (single && outcome.Orders is [{ Kind: OutcomeKind.NotFound } missing])
        {
            return NotFound(missing.OrderNumber);
        }

        if (outcome.DoneCount > 0)
        {
            changes.Publish(numbers);
        }

        return TypedResults.Ok(ActionResponse.From(outcome));
    }

    private static Task<IResult> CommentAsync(string number, HttpContext http, ApiWrites writes, AddComment add, OrderDetails details,
        OrderChanges changes) =>
        writes.RunAsync(http, body =>
        {
            var input = ApiInput.Json(body, "comment");
            var n = PathNumber(input, number);
            return (input, (Number: n, Comment: input.Comment(required: true)));
        }, async (x, actor, ct) =>
        {
            // AddComment refuses an unknown order with the same sentence; asked first, it is a 404 like every one-order path.
            if (await details.FindAsync(x.Number, ct) is null)
            {
                return NotFound(x.Number);
            }

            await add.RunAsync(x.Number, x.Comment, actor, ct);
            changes.Publish([x.Number]);
            return TypedResults.Json(new CommentResponse(x.Number, "Comment added.", x.Comment!), statusCode: StatusCodes.Status201Created);
        });

    private static Task<IResult> CommentManyAsync(HttpContext http, ApiWrites writes, AddComment add, OrderChanges changes) =>
        writes.RunAsync(http, body =>
        {
            var input = ApiInput.Json(body, "orderNumbers", "comment");
            return (input, (Numbers: (IReadOnlyCollection<int>)input.OrderNumbers(), Comment: input.Comment(required: true)));
        }, (x, actor, ct) => ActAsync(changes, x.Numbers, single: false, () => add.RunAsync(x.Numbers, x.Comment, actor, ct)));

    private static Task<IResult> ImportAsync(HttpContext http, ApiWrites writes, ImportOrders import, OrderChanges changes,
        [FromQuery] string? fileName) =>
        writes.RunAsync(http, Limits.MaxImportFileBytes, body =>
        {
            var name = string.IsNullOrWhiteSpace(fileName) ? "api-import.csv" : Path.GetFileName(fileName.Trim());
            if (name.Length > 200 || name.Any(char.IsControl))
            {
                return (ApiProblems.Invalid(new Dictionary<string, string[]> { ["fileName"] = ["fileName is one line of at most 200 characters."] }),
                    (Body: body, Name: name));
            }

            return (body.IsEmpty
                ? ApiProblems.Invalid(new Dictionary<string, string[]> { [""] = ["The body is empty: send the order file (CSV) as the body."] })
                : null, (Body: body, Name: name));
        }, async (file, actor, ct) =>
        {
            await using var stream = new MemoryStream(file.Body.ToArray(), writable: false);
            var summary = await import.RunAsync(stream, file.Name, actor, ct);
            if (!summary.Succeeded)
            {
                // Nothing was imported: every problem with its line, as the import dialog lists them.
                return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "The order file has problems; nothing was imported.",
                    summary.Lines().First(), new Dictionary<string, object?> { ["errors"] = summary.Problems.Select(p => p.ToString()).ToList() });
            }

            if (summary.Imported > 0 || summary.CancelledIgnored > 0)
            {
                changes.Publish([]);
            }

            return TypedResults.Ok(ImportResponse.From(summary));
        });

    private static int PathNumber(ApiInput input, string number)
    {
        if (ApiInput.PathNumber(number) is { } n)
        {
            return n;
        }

        input.Add("number", $"\"{number}\" is not an order number; {ApiInput.OrderNumberRule}");
        return 0;
    }

    private static IResult NotANumber(string number) => ApiProblems.Invalid(new Dictionary<string, string[]>
    {
        ["number"] = [$"\"{number}\" is not an order number; {ApiInput.OrderNumberRule}"],
    });

    /// <summary>The order page's sentence for an unknown number.</summary>
    private static IResult NotFound(int number) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "No such order.", $"Order {number} does not exist.");

    /// <summary>An enum value by its name (any case), or the default when blank; numbers and lists are not names.</summary>
    /// <summary>A from/to pair of instants; null when both are absent. A "to" not after "from" is a problem.</summary>
    private static InstantRange? Range(ApiInput input, string fromField, string? fromText, string toField, string? toText)
    {
        var from = input.QueryInstant(fromField, fromText);
        var to = input.QueryInstant(toField, toText);
        if (from is { } f && to is { } t && t <= f)
        {
            input.Add(toField, $"{toField} must be after {fromField}.");
        }

        return from is null && to is null ? null : new InstantRange(from, to);
    }

    private static T Named<T>(ApiInput input, string field, string? text, T defaultValue, string what)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            return Enum.Parse<T>(name);
        }

        input.Add(field, $"\"{text}\" is not {what}. Use one of: {string.Join(", ", Enum.GetNames<T>())}.");
        return defaultValue;
    }

    private static bool Problem(ApiInput input, string field, string problem)
    {
        input.Add(field, problem);
        return true;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
