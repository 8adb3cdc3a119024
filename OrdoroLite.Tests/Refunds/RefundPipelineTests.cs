using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Labels.Refunds;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Refunds;

public sealed class RefundPipelineTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private readonly RefundOptions _options = new();
    private Scenario _world = null!;
    private SandboxCarrier _carrier = null!;

    public async Task InitializeAsync()
    {
        _world = new Scenario(_database);
        _carrier = new SandboxCarrier(new SandboxCarrierOptions(), _world.Clock);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private RefundProcessor Processor(ICarrierGateway? carrier = null) =>
        new(_database, carrier ?? _carrier, _world.Clock, _options);

    [Fact]
    public async Task Usps_refund_is_submitted_then_approved_after_review_with_each_step_on_the_timeline()
    {
        var number = await DeletedLabelOrderAsync("USPS");

        await Processor().RunOnceAsync();
        (await RefundAsync(number)).State.Should().Be(RefundState.Submitted);
        _world.Clock.Advance(_carrier.Options.ReviewDelay + _options.PollInterval);
        await Processor().RunOnceAsync();

        (await RefundAsync(number)).State.Should().Be(RefundState.Approved);
        (await TimelineAsync(number)).Should().ContainInOrder(
            OrderEventType.LabelDeleted, OrderEventType.RefundRequested, OrderEventType.RefundSubmitted, OrderEventType.RefundApproved);
        _carrier.RefundsRecorded.Should().Be(1);
    }

    [Fact]
    public async Task Ups_voids_at_once_so_one_pass_approves_the_refund()
    {
        var number = await DeletedLabelOrderAsync("UPS");

        await Processor().RunOnceAsync();

        (await RefundAsync(number)).State.Should().Be(RefundState.Approved);
        (await TimelineAsync(number)).Should().ContainInOrder(OrderEventType.RefundSubmitted, OrderEventType.RefundApproved);
    }

    [Fact]
    public async Task Transient_failure_is_retried_after_a_backoff_and_asks_the_carrier_once()
    {
        var number = await DeletedLabelOrderAsync("UPS");
        _carrier.Options.FailNextCalls = 1;

        await Processor().RunOnceAsync();
        var failed = await RefundAsync(number);
        await Processor().RunOnceAsync();
        var tooEarly = await RefundAsync(number);
        _world.Clock.Advance(_options.FirstRetryDelay);
        await Processor().RunOnceAsync();

        failed.State.Should().Be(RefundState.Requested);
        failed.Attempts.Should().Be(1);
        failed.LastError.Should().Contain("unavailable");
        tooEarly.Attempts.Should().Be(1, "nothing is retried before its backoff is over");
        (await RefundAsync(number)).State.Should().Be(RefundState.Approved);
        _carrier.RefundCalls.Should().Be(1);
        _carrier.RefundsRecorded.Should().Be(1);
    }

    [Fact]
    public async Task Carrier_down_for_long_backs_off_exponentially_and_says_still_retrying_once()
    {
        var number = await DeletedLabelOrderAsync("USPS");
        _carrier.Options.Down = true;
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 7; i++)
        {
            var before = _world.Clock.GetUtcNow();
            await Processor().RunOnceAsync();
            var next = (await RefundAsync(number)).NextAttemptAt!.Value;
            delays.Add(next - before);
            _world.Clock.Advance(next - before);
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(30, 60, 120, 240, 480, 960, 1920);
        (await TimelineAsync(number)).Count(t => t == OrderEventType.RefundRetrying).Should().Be(1);
        var failing = await new RefundList(_database, CarrierRules.Default, _world.Clock).GetAsync(RefundFilter.Failing, 0, 50);
        failing.Rows.Should().ContainSingle(r => r.OrderNumber == number && r.Attempts == 7);

        _carrier.Options.Down = false;
        await Processor().RunOnceAsync();
        (await RefundAsync(number)).State.Should().Be(RefundState.Submitted);
    }

    [Fact]
    public async Task Restart_in_the_middle_resumes_the_request_and_the_carrier_refunds_once()
    {
        var number = await DeletedLabelOrderAsync("USPS");
        var crashing = new CrashAfterCarrierAnswers(_carrier);

        var crash = () => Processor(crashing).RunOnceAsync();
        await crash.Should().ThrowAsync<ProcessCrashed>();
        await Processor().RunOnceAsync();
        var whileLeased = await RefundAsync(number);
        _world.Clock.Advance(_options.Lease);
        await Processor().RunOnceAsync();

        whileLeased.State.Should().Be(RefundState.Requested, "the dead worker's lease still holds it");
        (await RefundAsync(number)).State.Should().Be(RefundState.Submitted);
        _carrier.RefundCalls.Should().Be(2);
        _carrier.RefundsRecorded.Should().Be(1, "the retry carried the same idempotency key");
        (await TimelineAsync(number)).Count(t => t == OrderEventType.RefundSubmitted).Should().Be(1);
    }

    [Fact]
    public async Task A_carrier_that_forgot_a_submitted_refund_after_our_restart_is_asked_again_and_the_refund_is_approved_not_denied()
    {
        var number = await DeletedLabelOrderAsync("USPS");
        await Processor().RunOnceAsync();
        (await RefundAsync(number)).State.Should().Be(RefundState.Submitted);

        // The app restarts mid-review: the sandbox carrier comes back empty.
        var afterRestart = new SandboxCarrier(_carrier.Options, _world.Clock);
        _world.Clock.Advance(_options.PollInterval);
        await Processor(afterRestart).RunOnceAsync();
        var asked = await RefundAsync(number);
        _world.Clock.Advance(afterRestart.Options.ReviewDelay + _options.PollInterval);
        await Processor(afterRestart).RunOnceAsync();

        asked.State.Should().Be(RefundState.Submitted, "\"no record\" is not a denial: the request was asked again");
        afterRestart.RefundCalls.Should().Be(1);
        afterRestart.RefundsRecorded.Should().Be(1);
        var refund = await RefundAsync(number);
        refund.State.Should().Be(RefundState.Approved);
        refund.DenialReason.Should().BeNull();
        (await TimelineAsync(number)).Should().NotContain(OrderEventType.RefundDenied);
    }

    [Fact]
    public async Task Usps_denies_a_label_older_than_30_days_and_the_reason_is_on_the_timeline()
    {
        var number = await LabelledOrderAsync("USPS");
        _world.Clock.Advance(TimeSpan.FromDays(31));
        await _world.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        await Processor().RunOnceAsync();

        var refund = await RefundAsync(number);
        refund.State.Should().Be(RefundState.Denied);
        refund.DenialReason.Should().Contain("older than 30 days");
        var order = await _world.OrderAsync(number);
        order.Events.Should().ContainSingle(e => e.Type == OrderEventType.RefundDenied)
            .Which.Detail.Should().Contain("older than 30 days");
    }

    [Fact]
    public async Task Usps_denies_a_scanned_label()
    {
        var number = await LabelledOrderAsync("USPS");
        var order = await _world.OrderAsync(number);
        _carrier.Options.ScannedTrackingNumbers.Add(order.Labels.Single().TrackingNumber);
        await _world.DeleteLabels.RunAsync([number], null, Scenario.Alice);

        await Processor().RunOnceAsync();

        (await RefundAsync(number)).DenialReason.Should().Contain("scanned");
    }

    [Fact]
    public async Task A_carrier_that_hangs_times_out_and_counts_as_a_transient_failure()
    {
        var number = await DeletedLabelOrderAsync("UPS");
        _carrier.Options.Hang = true;
        var processor = new RefundProcessor(_database, _carrier, TimeProvider.System, new RefundOptions { CallTimeout = TimeSpan.FromMilliseconds(100) });

        await processor.RunOnceAsync();

        var refund = await RefundAsync(number);
        refund.State.Should().Be(RefundState.Requested);
        refund.Attempts.Should().Be(1);
        refund.LastError.Should().Contain("did not answer");
    }

    [Fact]
    public async Task Manager_retry_makes_a_failing_refund_due_now_and_notes_it_on_the_timeline()
    {
        var number = await DeletedLabelOrderAsync("UPS");
        _carrier.Options.FailNextCalls = 2;
        await Processor().RunOnceAsync();
        var refundId = (await RefundAsync(number)).Id;

        await new RetryRefund(_database, _world.Clock).RunAsync(refundId, Scenario.Bob);
        await Processor().RunOnceAsync();
        var afterFailedRetry = await RefundAsync(number);
        await new RetryRefund(_database, _world.Clock).RunAsync(refundId, Scenario.Bob);
        await Processor().RunOnceAsync();

        afterFailedRetry.Attempts.Should().Be(1, "the retry reset the count and the next call failed once more");
        (await RefundAsync(number)).State.Should().Be(RefundState.Approved);
        var order = await _world.OrderAsync(number);
        order.Events.Where(e => e.Type == OrderEventType.RefundRetrying).Should().OnlyContain(e => e.ActorName == Scenario.Bob.Name);
    }

    [Fact]
    public async Task A_finished_refund_cannot_be_retried()
    {
        var number = await DeletedLabelOrderAsync("UPS");
        await Processor().RunOnceAsync();
        var refundId = (await RefundAsync(number)).Id;

        var retry = () => new RetryRefund(_database, _world.Clock).RunAsync(refundId, Scenario.Bob);

        (await retry.Should().ThrowAsync<OrdoroLite.Domain.Common.DomainException>()).Which.Message.Should().Contain("already approved");
    }

    private async Task<int> LabelledOrderAsync(string carrier)
    {
        var east = await _world.AddWarehouseAsync($"East {Guid.NewGuid():N}");
        var widget = await _world.AddProductAsync($"W-{Guid.NewGuid():N}"[..12], stock: (east, 10));
        var number = await _world.PlaceOrderAsync(east, (widget, 2));
        _carrier.Options.LabelCarrier = carrier;
        await new CreateLabels(_database, _carrier, _world.Clock).RunAsync([number], null, Scenario.Alice);
        return number;
    }

    private async Task<int> DeletedLabelOrderAsync(string carrier)
    {
        var number = await LabelledOrderAsync(carrier);
        await _world.DeleteLabels.RunAsync([number], null, Scenario.Alice);
        return number;
    }

    private async Task<RefundRequest> RefundAsync(int orderNumber)
    {
        await using var db = _database.CreateDbContext();
        return await db.RefundRequests.AsNoTracking().SingleAsync(r => r.OrderNumber == orderNumber);
    }

    private async Task<List<OrderEventType>> TimelineAsync(int orderNumber)
    {
        await using var db = _database.CreateDbContext();
        return await db.OrderEvents.Where(e => e.OrderNumber == orderNumber).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }

    private sealed class ProcessCrashed : Exception;

    /// <summary>The carrier accepts the refund, then the process dies before writing the answer down.</summary>
    private sealed class CrashAfterCarrierAnswers(ICarrierGateway inner) : ICarrierGateway
    {
        public LabelQuote BuyLabel(Order order, DateTimeOffset at) => inner.BuyLabel(order, at);

        public async Task<RefundDecision> RequestRefundAsync(RefundAsk ask, CancellationToken ct)
        {
            await inner.RequestRefundAsync(ask, ct);
            throw new ProcessCrashed();
        }

        public Task<RefundDecision> GetRefundStatusAsync(string carrier, string idempotencyKey, CancellationToken ct) =>
            inner.GetRefundStatusAsync(carrier, idempotencyKey, ct);

        public Task<IReadOnlyList<TrackingScan>> GetScansAsync(DateTimeOffset since, CancellationToken ct) => inner.GetScansAsync(since, ct);
    }
}
