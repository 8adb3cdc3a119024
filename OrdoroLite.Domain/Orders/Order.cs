using System.Globalization;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Inventory;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Reports;

namespace OrdoroLite.Domain.Orders;

/// <summary>
/// An order and the rules of shared/spec/CANCELLATION.md. Every state change is a method that
/// checks its precondition first and only then changes anything, so a refused change leaves
/// the order exactly as it was. Each change states its effects: the timeline events it appends,
/// the inventory it moves (through the <see cref="InventoryBook"/>) and, through
/// <see cref="AddReportChange"/>, what it changes in the report's counts; the data layer's one
/// writer (Data/StoreWriter) applies them, guarded by <see cref="Version"/>.
/// </summary>
public sealed class Order
{
    public const int ChannelMaxLength = 40;
    public const int ChannelOrderIdMaxLength = 100;
    public const int CustomerNameMaxLength = 200;
    public const int EmailMaxLength = 320;

    private readonly List<OrderLine> _lines = [];
    private readonly List<Label> _labels = [];
    private readonly List<OrderEvent> _events = [];
    private readonly List<ChannelCancellation> _channelCancellations = [];

    // What this order counted in the report when it was loaded, taken at its first change; the
    // writer adds (now − then). A new order counted nothing.
    private ReportSubject? _countedWhenLoaded;
    private bool _changed;

    private Order()
    {
        Channel = "";
        ChannelOrderId = "";
        CustomerName = "";
        CustomerEmail = "";
        ShipTo = new Address("", "", "", "", "");
    }

    /// <summary>The order number; 0 until the writer stores a new order.</summary>
    public int Number { get; private set; }

    /// <summary>
    /// Concurrency token: the writer changes an order only where its version is still the one it
    /// read, and adds one, so two writers never both act on the same state (spec: "Cancelling
    /// twice … cancels once").
    /// </summary>
    public int Version { get; private set; }

    public string Channel { get; private set; }

    public string ChannelOrderId { get; private set; }

    /// <summary><see cref="Channel"/> as a key (<see cref="Keys"/>): with <see cref="ChannelOrderIdKey"/>, unique.</summary>
    public string? ChannelKey { get; private set; }

    /// <summary><see cref="ChannelOrderId"/> as a key: the re-import guard compares these, never the spelling.</summary>
    public string? ChannelOrderIdKey { get; private set; }

    /// <summary>The customer's name as the search compares it (<see cref="SearchText.Fold"/>).</summary>
    public string? SearchName { get; private set; }

    /// <summary>The last word of the customer's name, folded: a search by surname alone.</summary>
    public string? SearchSurname { get; private set; }

    /// <summary>The customer's email, folded.</summary>
    public string? SearchEmail { get; private set; }

    /// <summary><see cref="HandTrackingNumber"/> as the search compares it (<see cref="SearchText.Tracking"/>).</summary>
    public string? HandTrackingKey { get; private set; }

    public DateTimeOffset OrderDate { get; private set; }

    public string CustomerName { get; private set; }

    public string CustomerEmail { get; private set; }

    public Address ShipTo { get; private set; }

    /// <summary>The originating warehouse: every inventory effect of this order lands here.</summary>
    public int WarehouseId { get; private set; }

    public OrderStatus Status { get; private set; }

    /// <summary>Tracking typed in by hand when the order was shipped without a label.</summary>
    public string? HandTrackingNumber { get; private set; }

    public int ItemCount { get; private set; }

    public long TotalCents { get; private set; }

    /// <summary>The latest cancellation while the order is Cancelled; null otherwise (the timeline keeps the history).</summary>
    public Cancellation? Cancellation { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<Label> Labels => _labels;

    /// <summary>The timeline as loaded plus what this operation appended.</summary>
    public IReadOnlyList<OrderEvent> Events => _events;

    /// <summary>Every request to cancel this order on its sales channel too (the outbox rows), oldest first.</summary>
    public IReadOnlyList<ChannelCancellation> ChannelCancellations => _channelCancellations;

    public Label? ActiveLabel => _labels.SingleOrDefault(l => l.IsActive);

    /// <summary>The latest cancellation was made by the sales channel itself (imported as cancelled), not by staff.</summary>
    public bool IsCancelledOnChannel => Actor.IsChannelId(Cancellation?.ById);

    /// <summary>Not stored yet: the writer inserts it (and assigns its number).</summary>
    internal bool IsNew => Number == 0;

    /// <summary>Its stored row changes: the writer updates it where <see cref="Version"/> still matches.</summary>
    internal bool IsChanged => _changed && !IsNew;

    /// <exception cref="DomainException">The order has no lines or a line's quantity is below 1.</exception>
    public static Order Import(NewOrder data, Actor by, DateTimeOffset at, InventoryBook book, string source)
    {
        if (data.Lines.Count == 0)
        {
            throw new DomainException($"Order {data.ChannelOrderId} from {data.Channel} has no lines.");
        }

        if (data.Lines.FirstOrDefault(l => l.Quantity <= 0) is { } bad)
        {
            throw new DomainException($"SKU {bad.Product.Sku} has quantity {bad.Quantity}; quantities must be at least 1.");
        }

        var order = new Order
        {
            Channel = data.Channel,
            ChannelOrderId = data.ChannelOrderId,
            ChannelKey = Keys.Of(data.Channel),
            ChannelOrderIdKey = Keys.Of(data.ChannelOrderId),
            SearchName = SearchText.Fold(data.CustomerName),
            SearchSurname = SearchText.Surname(data.CustomerName),
            SearchEmail = SearchText.Fold(data.CustomerEmail),
            OrderDate = data.OrderDate.ToUniversalTime(),
            CustomerName = data.CustomerName,
            CustomerEmail = data.CustomerEmail,
            ShipTo = data.ShipTo,
            WarehouseId = data.WarehouseId,
            Status = data.Lines.All(l => l.Product.IsDropshipped)
                ? OrderStatus.DropshipmentRequested
                : OrderStatus.AwaitingFulfillment,
            ItemCount = checked(data.Lines.Sum(l => l.Quantity)),
            TotalCents = checked(data.Lines.Sum(l => l.Quantity * l.UnitPriceCents)),
        };
        order._lines.AddRange(data.Lines.Select(l => new OrderLine(l.Product.Id, l.Product.Sku, l.Quantity, l.UnitPriceCents)));
        if (data.CancelledOnChannel)
        {
            // Cancelled on the channel before it reached us (docs/channels.md, "In"): stored Cancelled, so the
            // re-import guard knows it, with no stock committed; a restore commits it like any other.
            order.Append(new OrderEvent(OrderEventType.Imported, by, at, detail: source));
            var channel = Actor.Channel(order.Channel);
            order.Cancellation = new Cancellation(at.ToUniversalTime(), channel.Id, channel.Name, null, null, order.Status, LabelDeleted: false);
            order.Status = OrderStatus.Cancelled;
            order.Append(new OrderEvent(OrderEventType.Cancelled, channel, at,
                detail: $"Cancelled on {order.Channel} before it reached OrdoroLite ({source}, imported by {by.Name}); no stock was committed."));
            return order;
        }

        var changes = order.Move(book, physicalOnHandSign: 0, committedSign: +1);
        order.Append(new OrderEvent(OrderEventType.Imported, by, at, detail: source, inventoryChanges: changes));
        return order;
    }

    public string? WhyCannotCancel() =>
        Status == OrderStatus.Cancelled ? "already cancelled" : null;

    public bool CanCancel => WhyCannotCancel() is null;

    /// <summary>
    /// The spec's cancel table ("Cancel"), for one order. A deleted label's refund follows its
    /// carrier's rules (<see cref="CarrierRules.Assess"/>); a kept one is marked kept
    /// (<see cref="Label.KeptSince"/>) for the kept-labels list.
    /// </summary>
    /// <param name="deleteLabel">The dialog's "Delete associated shipping label and tracking info"; only matters when the order has an Active label.</param>
    /// <param name="alsoOnChannel">
    /// The dialog's "Also cancel on the sales channel": a request to cancel it there too is written with
    /// the cancel (an outbox row the channel-sync worker sends; docs/channels.md, "Out"). Null: not on the channel.
    /// </param>
    /// <exception cref="DomainException">The order is already cancelled.</exception>
    public void Cancel(CancelReason? reason, string? comment, bool deleteLabel, Actor by, DateTimeOffset at, InventoryBook book,
        CarrierRules carriers, AlsoOnChannel? alsoOnChannel = null)
    {
        if (WhyCannotCancel() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        var statusBefore = Status;
        CancelHere(reason, comment, deleteLabel, by, at, book, detail: null, carriers);
        if (alsoOnChannel is not null)
        {
            var request = new ChannelCancellation(Number, Channel, ChannelOrderId, reason, alsoOnChannel.NotifyCustomer,
                reportedShipped: statusBefore == OrderStatus.Shipped, by, at);
            _channelCancellations.Add(request);
            Append(new OrderEvent(OrderEventType.ChannelCancelRequested, by, at,
                detail: $"To be cancelled on {Channel} too (order {ChannelOrderId}); customer {(alsoOnChannel.NotifyCustomer ? "to be notified" : "not notified")}."));
        }
    }

    /// <summary>
    /// The sales channel cancelled this order (a row of the order file with status "cancelled";
    /// docs/channels.md, "In"): the spec's cancel table with the box unchecked, attributed to the
    /// channel. An open order releases its committed units; a shipped one moves nothing and keeps
    /// an Active label (it then needs attention). Nothing is sent back to the channel.
    /// </summary>
    /// <param name="source">The file or job it came from, and who ran it, for the timeline.</param>
    /// <returns>What it did; <see cref="ChannelCancelOutcome.AlreadyCancelled"/> changes nothing.</returns>
    public ChannelCancelOutcome CancelOnChannel(string source, DateTimeOffset at, InventoryBook book)
    {
        if (Status == OrderStatus.Cancelled)
        {
            return ChannelCancelOutcome.AlreadyCancelled;
        }

        var outcome = Status.IsOpen() ? ChannelCancelOutcome.StockReleased
            : ActiveLabel is null ? ChannelCancelOutcome.ShippedWithoutLabel
            : ChannelCancelOutcome.LabelKept;
        CancelHere(reason: null, comment: null, deleteLabel: false, Actor.Channel(Channel), at, book,
            detail: $"Cancelled on {Channel} ({source})."
                + (outcome == ChannelCancelOutcome.LabelKept ? " Its label is still active: see Needs attention." : ""));
        return outcome;
    }

    /// <param name="carriers">The carrier rules a deleted label's refund follows; needed only when <paramref name="deleteLabel"/> is true.</param>
    private void CancelHere(CancelReason? reason, string? comment, bool deleteLabel, Actor by, DateTimeOffset at, InventoryBook book, string? detail,
        CarrierRules? carriers = null)
    {
        BeginChange();
        var changes = new List<InventoryChange>();
        var label = ActiveLabel;
        var labelDeleted = label is not null && deleteLabel;
        if (Status.IsOpen())
        {
            changes = Move(book, physicalOnHandSign: 0, committedSign: -1);
        }
        else if (labelDeleted)
        {
            changes = Move(book, physicalOnHandSign: +1, committedSign: 0);
        }

        Cancellation = new Cancellation(at.ToUniversalTime(), by.Id, by.Name, reason, comment, Status, labelDeleted);
        Status = OrderStatus.Cancelled;
        Append(new OrderEvent(OrderEventType.Cancelled, by, at, reason, comment, detail, inventoryChanges: changes));
        if (labelDeleted)
        {
            RecordLabelDeletion(label!, by, at, comment: null, carriers!);
        }
        else
        {
            label?.Keep(at);
        }
    }

    public string? WhyCannotRestore() =>
        Status == OrderStatus.Cancelled ? null : $"not cancelled ({Status.DisplayName()})";

    public bool CanRestore => WhyCannotRestore() is null;

    /// <summary>The spec's restore table ("Restore").</summary>
    /// <returns>Warnings for SKUs whose Available went below zero at the ship-from warehouse.</returns>
    /// <exception cref="DomainException">The order is not cancelled.</exception>
    public IReadOnlyList<string> Restore(string? comment, Actor by, DateTimeOffset at, InventoryBook book) =>
        Restore(comment, by, at, book, out _);

    /// <inheritdoc cref="Restore(string?, Actor, DateTimeOffset, InventoryBook)"/>
    /// <param name="channelWarning">
    /// Set when the sales channel still shows the order cancelled (docs/channels.md, "Restore"): the
    /// channel cancelled it itself, acknowledged our cancellation, or already has our request. A
    /// request not yet sent is withdrawn instead, and then there is no warning.
    /// </param>
    public IReadOnlyList<string> Restore(string? comment, Actor by, DateTimeOffset at, InventoryBook book, out string? channelWarning)
    {
        if (WhyCannotRestore() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        BeginChange();
        var cancelledOnChannel = IsCancelledOnChannel;
        var restoredTo = Cancellation switch
        {
            { StatusBefore: OrderStatus.Shipped, LabelDeleted: true } => OrderStatus.AwaitingFulfillment,
            { } cancellation => cancellation.StatusBefore,
            null => OrderStatus.AwaitingFulfillment,
        };
        var changes = restoredTo.IsOpen() ? Move(book, physicalOnHandSign: 0, committedSign: +1) : [];

        Status = restoredTo;
        Cancellation = null;
        foreach (var kept in _labels)
        {
            kept.Unkeep();
        }

        Append(new OrderEvent(OrderEventType.Restored, by, at, comment: comment,
            detail: $"Restored to {restoredTo.DisplayName()}", inventoryChanges: changes));
        foreach (var request in _channelCancellations)
        {
            if (request.Withdraw(by, at) is { } withdrawn)
            {
                Append(withdrawn);
            }
        }

        channelWarning = ChannelStillShowsCancelled(cancelledOnChannel);
        return NegativeAvailability(changes, book);
    }

    private string? ChannelStillShowsCancelled(bool cancelledOnChannel)
    {
        var acknowledged = _channelCancellations.LastOrDefault(c => c.State == ChannelCancellationState.Acknowledged);
        var sent = _channelCancellations.Any(c => c.State == ChannelCancellationState.Sent);
        var where = $"{Channel} still shows order {ChannelOrderId} cancelled";
        return cancelledOnChannel ? $"{where}: it was cancelled there. Reopen it on {Channel} too if the customer still wants it."
            : acknowledged is not null ? string.Create(CultureInfo.InvariantCulture,
                $"{where}: {Channel} acknowledged our cancellation on {acknowledged.AnsweredAt:yyyy-MM-dd HH:mm} UTC. Reopen it on {Channel} too if the customer still wants it.")
            : sent ? $"Our cancellation of order {ChannelOrderId} was already sent to {Channel}, which will show it cancelled once it has processed it. Reopen it on {Channel} too if the customer still wants it."
            : null;
    }

    public string? WhyCannotDeleteLabel() => ActiveLabel is null ? "without an active label" : null;

    public bool CanDeleteLabel => WhyCannotDeleteLabel() is null;

    /// <summary>
    /// Deleting the label on its own (spec "Delete label"): the units come back and the order goes
    /// back to the pick list. On a Cancelled order that kept its label (docs/domain-rules.md) it does
    /// what the cancel's delete-label box would have done: the units come back (POH +qty), the order
    /// stays Cancelled and its cancellation now says the label was deleted, so a restore returns it to
    /// Awaiting Fulfillment. Either way the refund follows the carrier's rules: a refund the carrier
    /// would refuse (past its window, scanned) is recorded refused at once, and the label is still deleted.
    /// </summary>
    /// <returns>The label's refund request: pending for the pipeline, or already Denied when the rules refuse it.</returns>
    /// <exception cref="DomainException">The order has no Active label.</exception>
    public RefundRequest DeleteLabel(string? comment, Actor by, DateTimeOffset at, InventoryBook book, CarrierRules carriers)
    {
        if (WhyCannotDeleteLabel() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        BeginChange();
        List<InventoryChange> changes;
        if (Status == OrderStatus.Cancelled)
        {
            changes = Move(book, physicalOnHandSign: +1, committedSign: 0);
            Cancellation = Cancellation! with { LabelDeleted = true };
        }
        else
        {
            changes = Move(book, physicalOnHandSign: +1, committedSign: +1);
            Status = OrderStatus.AwaitingFulfillment;
        }

        return RecordLabelDeletion(ActiveLabel!, by, at, comment, carriers, changes);
    }

    /// <summary>
    /// A tracking update: the carrier scanned one of this order's labels at <paramref name="scannedAt"/>
    /// (UTC). The first scan counts and goes on the timeline; a later one changes nothing.
    /// </summary>
    /// <param name="trackingNumber">The label's tracking number, compared as the search does (upper case, no spaces).</param>
    /// <returns>False when the label was already known scanned.</returns>
    /// <exception cref="InvalidOperationException">No label of this order has that tracking number.</exception>
    public bool RecordLabelScan(string trackingNumber, DateTimeOffset scannedAt, Actor by, DateTimeOffset at)
    {
        var key = SearchText.Tracking(trackingNumber);
        var label = _labels.LastOrDefault(l => l.TrackingKey == key)
            ?? throw new InvalidOperationException($"Order {Number} has no label with tracking number {trackingNumber}.");
        if (label.ScannedAt is not null)
        {
            return false;
        }

        BeginChange();
        label.RecordScan(scannedAt);
        Append(new OrderEvent(OrderEventType.LabelScanned, by, at,
            detail: $"{label.Carrier} scanned tracking {label.TrackingNumber} on {scannedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC" +
                (label.IsActive ? "" : " (after the label was deleted)")));
        return true;
    }

    /// <summary>
    /// Why this order cannot get a label (spec "Order statuses": only Awaiting Fulfillment orders
    /// can), worded to read after "Order 12 is" and after a count ("2 already shipped"); null when it can.
    /// </summary>
    public string? WhyCannotCreateLabel() => Status switch
    {
        OrderStatus.AwaitingFulfillment => null,
        OrderStatus.DropshipmentRequested => "dropshipped by the supplier",
        OrderStatus.Shipped => "already shipped",
        _ => "cancelled",
    };

    public bool CanCreateLabel => WhyCannotCreateLabel() is null;

    /// <summary>Spec "Order statuses": a label makes an Awaiting Fulfillment order Shipped (POH −qty, Committed −qty).</summary>
    /// <exception cref="DomainException">The order is not Awaiting Fulfillment.</exception>
    public void CreateLabel(LabelQuote quote, string? comment, Actor by, DateTimeOffset at, InventoryBook book)
    {
        if (WhyCannotCreateLabel() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        BeginChange();
        var changes = Move(book, physicalOnHandSign: -1, committedSign: -1);
        var label = new Label(quote.Carrier, quote.Service, quote.TrackingNumber, quote.CostCents, at);
        label.BelongsTo(Number);
        _labels.Add(label);
        Status = OrderStatus.Shipped;
        Append(new OrderEvent(OrderEventType.LabelCreated, by, at, comment: comment,
            detail: $"{quote.Carrier} {quote.Service}, tracking {quote.TrackingNumber}", inventoryChanges: changes));
    }

    public string? WhyCannotShipByHand() => Status.IsOpen() ? null : $"{Status.DisplayName()}; only open orders can be shipped";

    /// <summary>
    /// Shipped without a label of ours, with tracking typed in (spec: "A Shipped order may have no
    /// label"). From our shelf (Awaiting Fulfillment) the units leave it: POH −qty, Committed −qty.
    /// A dropshipment leaves from its supplier: Committed −qty only, since its units were never on
    /// our shelf.
    /// </summary>
    /// <exception cref="DomainException">The order is not open.</exception>
    public void ShipByHand(string trackingNumber, Actor by, DateTimeOffset at, InventoryBook book)
    {
        if (WhyCannotShipByHand() is { } why)
        {
            throw new DomainException($"Order {Number} is {why}.");
        }

        BeginChange();
        var changes = Move(book, physicalOnHandSign: Status == OrderStatus.AwaitingFulfillment ? -1 : 0, committedSign: -1);
        Status = OrderStatus.Shipped;
        HandTrackingNumber = trackingNumber;
        HandTrackingKey = SearchText.Tracking(trackingNumber);
        Append(new OrderEvent(OrderEventType.ShippedByHand, by, at, detail: $"tracking {trackingNumber}", inventoryChanges: changes));
    }

    public void AddComment(string comment, Actor by, DateTimeOffset at)
    {
        Append(new OrderEvent(OrderEventType.Commented, by, at, comment: comment));
    }

    public void NoteReimportIgnored(string source, Actor by, DateTimeOffset at)
    {
        Append(new OrderEvent(OrderEventType.ReimportIgnored, by, at, detail: source));
    }

    /// <summary>
    /// A database from before keys were compared as people mean them held this order and another
    /// under two spellings of one channel order: the timeline says so, for a person to review.
    /// </summary>
    internal void NotePossibleDuplicate(int otherNumber, Actor by, DateTimeOffset at)
    {
        Append(new OrderEvent(OrderEventType.PossibleDuplicate, by, at,
            detail: $"Order {otherNumber} has the same sales channel and channel order id, written another way ({Channel} {ChannelOrderId}). Review both; cancel one if it is a duplicate."));
    }

    /// <summary>The refund request of one of this order's labels.</summary>
    /// <exception cref="InvalidOperationException">No label of this order has that refund request.</exception>
    public RefundRequest RefundRequest(int refundId) =>
        _labels.Select(l => l.Refund).SingleOrDefault(r => r?.Id == refundId)
        ?? throw new InvalidOperationException($"Order {Number} has no refund request {refundId}.");

    /// <summary>Records the carrier's answer to a refund request of this order, with its timeline events.</summary>
    internal void RecordRefundAnswer(RefundRequest refund, RefundDecision decision, Actor by, DateTimeOffset at, TimeSpan pollInterval)
    {
        BeginChange();
        AppendAll(refund.RecordAnswer(decision, by, at, pollInterval));
    }

    /// <summary>Records a transient failure to reach the carrier, and when to try again.</summary>
    internal void RecordRefundFailure(RefundRequest refund, string error, Actor by, DateTimeOffset at, TimeSpan retryAfter)
    {
        BeginChange();
        AppendAll(refund.RecordFailure(error, by, at, retryAfter));
    }

    /// <summary>A manager asks for another try of a refund request now.</summary>
    /// <exception cref="DomainException">The refund is already approved or denied.</exception>
    public void RetryRefund(int refundId, Actor by, DateTimeOffset at)
    {
        var refund = RefundRequest(refundId);
        var retry = refund.WhyCannotRetry() is { } why ? throw new DomainException(why) : refund;
        BeginChange();
        Append(retry.RetryNow(by, at));
    }

    /// <summary>One of this order's channel cancellation requests.</summary>
    /// <exception cref="InvalidOperationException">This order has no such request.</exception>
    public ChannelCancellation ChannelCancellation(int id) =>
        _channelCancellations.SingleOrDefault(c => c.Id == id)
        ?? throw new InvalidOperationException($"Order {Number} has no channel cancellation {id}.");

    /// <summary>Records the sales channel's answer to a cancellation request of this order, with its timeline events.</summary>
    internal void RecordChannelAnswer(ChannelCancellation request, ChannelDecision decision, Actor by, DateTimeOffset at, TimeSpan pollInterval)
    {
        BeginChange();
        AppendAll(request.RecordAnswer(decision, orderStillCancelled: Status == OrderStatus.Cancelled, by, at, pollInterval));
    }

    /// <summary>Records a transient failure to reach the sales channel, and when to try again.</summary>
    internal void RecordChannelFailure(ChannelCancellation request, string error, Actor by, DateTimeOffset at, TimeSpan retryAfter)
    {
        BeginChange();
        AppendAll(request.RecordFailure(error, by, at, retryAfter));
    }

    /// <summary>A manager asks for another try of a channel cancellation now.</summary>
    /// <exception cref="DomainException">It is already acknowledged, refused or withdrawn.</exception>
    public void RetryChannelCancellation(int id, Actor by, DateTimeOffset at)
    {
        var request = ChannelCancellation(id);
        var retry = request.WhyCannotRetry() is { } why ? throw new DomainException(why) : request;
        BeginChange();
        Append(retry.RetryNow(by, at));
    }

    /// <summary>What of this order the cancellation report counts, as it is now (see <see cref="ReportCounts"/>).</summary>
    internal ReportSubject ReportSubject() => new(
        OrderDate,
        Channel,
        WarehouseId,
        Status == OrderStatus.Cancelled,
        Cancellation?.Reason,
        Cancellation?.ByName,
        IsCancelledOnChannel,
        _lines.Select(l => new SkuUnits(l.Sku, l.Quantity)).ToList(),
        _labels.Where(l => l.Refund is not null).Select(l => new RefundAmount(l.Refund!.State, l.Refund.AmountCents)).ToList(),
        Status == OrderStatus.Cancelled
            ? _labels.Where(l => l.IsActive).Select(l => new KeptLabel(l.Carrier, l.CreatedAt, l.ScannedAt is not null, l.CostCents)).ToList()
            : []);

    /// <summary>Adds what this operation changed in the report's counts: all of a new order, or now − when loaded.</summary>
    internal void AddReportChange(ReportChange into)
    {
        if (IsNew)
        {
            ReportCounts.Add(ReportSubject(), +1, into);
        }
        else if (_countedWhenLoaded is { } before)
        {
            ReportCounts.Add(before, -1, into);
            ReportCounts.Add(ReportSubject(), +1, into);
        }
    }

    /// <summary>The writer stored a new order under this number.</summary>
    internal void Stored(int number)
    {
        Number = number;
        foreach (var line in _lines)
        {
            line.BelongsTo(number);
        }

        foreach (var label in _labels)
        {
            label.BelongsTo(number);
        }

        foreach (var e in _events)
        {
            e.BelongsTo(number);
        }

        foreach (var request in _channelCancellations)
        {
            request.BelongsTo(number);
        }
    }

    /// <summary>After the writer saved: the stored row is this state, at the next version.</summary>
    internal void AcceptChanges(bool versionAdvanced)
    {
        if (versionAdvanced)
        {
            Version++;
        }

        _changed = false;
        _countedWhenLoaded = null;
        foreach (var label in _labels)
        {
            label.AcceptChanges();
        }

        foreach (var request in _channelCancellations)
        {
            request.AcceptChanges();
        }
    }

    private void Append(OrderEvent e)
    {
        e.BelongsTo(Number);
        _events.Add(e);
    }

    private void AppendAll(IEnumerable<OrderEvent> events)
    {
        foreach (var e in events)
        {
            Append(e);
        }
    }

    /// <summary>Marks the stored order as changing, first noting what it counted in the report before.</summary>
    private void BeginChange()
    {
        if (!_changed && !IsNew)
        {
            _countedWhenLoaded = ReportSubject();
        }

        _changed = true;
    }

    private RefundRequest RecordLabelDeletion(Label label, Actor by, DateTimeOffset at, string? comment, CarrierRules carriers,
        IReadOnlyList<InventoryChange>? changes = null)
    {
        var outlook = carriers.Assess(label.Facts, at);
        var refund = label.Delete(Number, at, outlook);
        Append(new OrderEvent(OrderEventType.LabelDeleted, by, at, comment: comment,
            detail: $"{label.Carrier} tracking {label.TrackingNumber}", inventoryChanges: changes));
        Append(outlook.Kind switch
        {
            // Asking the carrier would only bring its refusal: recorded now, never sent.
            RefundOutlookKind.Refused => new OrderEvent(OrderEventType.RefundDenied, by, at,
                detail: $"{Money.Format(refund.AmountCents)} not refunded; not asked of {label.Carrier}: {outlook.Reason}"),
            RefundOutlookKind.NotBilled => new OrderEvent(OrderEventType.RefundRequested, by, at,
                detail: $"{Money.Format(refund.AmountCents)}: {label.Carrier} bills only scanned labels, so nothing is charged; void requested"),
            _ => new OrderEvent(OrderEventType.RefundRequested, by, at,
                detail: $"{Money.Format(refund.AmountCents)} requested from {label.Carrier}"),
        });
        return refund;
    }

    private List<InventoryChange> Move(InventoryBook book, int physicalOnHandSign, int committedSign)
    {
        var changes = new List<InventoryChange>(_lines.Count);
        foreach (var line in _lines)
        {
            var pohDelta = physicalOnHandSign * line.Quantity;
            var committedDelta = committedSign * line.Quantity;
            book.LevelOf(line.ProductId, WarehouseId).Apply(pohDelta, committedDelta);
            changes.Add(new InventoryChange(line.Sku, WarehouseId, pohDelta, committedDelta));
        }

        return changes;
    }

    private IReadOnlyList<string> NegativeAvailability(IReadOnlyList<InventoryChange> changes, InventoryBook book) =>
        _lines
            .Where(_ => changes.Count > 0)
            .Select(l => (l.Sku, book.LevelOf(l.ProductId, WarehouseId).Available))
            .Where(x => x.Available < 0)
            .Distinct()
            .Select(x => $"SKU {x.Sku}: Available at the ship-from warehouse is now {x.Available}.")
            .ToList();
}
