using Microsoft.EntityFrameworkCore;
using OrdoroLite.Domain.Channels;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Channels;

/// <summary>
/// The channel-cancellation outbox's guarantees (docs/channels.md, "The pipeline"), tested the way the
/// label refund pipeline is (Refunds/RefundPipelineTests): the channels' answers, a transient failure,
/// a channel down with backoff, a restart mid-call, a channel that forgot, a hang, refusal, and a
/// manager's retry.
/// </summary>
public abstract class ChannelCancellationPipelineTests(TestDatabase database) : TwoWarehouses(database)
{
    private readonly ChannelSyncOptions _options = new();
    private SandboxSalesChannel? _channel;

    private SandboxSalesChannel Channel => _channel ??= new SandboxSalesChannel(new SandboxSalesChannelOptions(), World.Clock);

    private ChannelCancellationProcessor Processor(ISalesChannelGateway? channel = null) =>
        new(Database, channel ?? Channel, World.Clock, _options);

    [Fact]
    public async Task Shopify_like_channel_acknowledges_at_once_receiving_the_order_reason_and_notify_flag_with_each_step_on_the_timeline()
    {
        var number = await CancelledOnChannelAsync("Shopify", notify: true);

        var handled = await Processor().RunOnceAsync();

        handled.Should().Be(1);
        var request = await RequestAsync(number);
        request.State.Should().Be(ChannelCancellationState.Acknowledged);
        request.AnsweredAt.Should().Be(World.Clock.GetUtcNow());
        Channel.Received(request.IdempotencyKey).Should().Be(new ChannelCancelAsk(
            request.IdempotencyKey, "Shopify", (await World.OrderAsync(number)).ChannelOrderId, "Customer request", NotifyCustomer: true, ReportedShipped: false));
        (await TimelineAsync(number)).Should().EndWith(
            [OrderEventType.ChannelCancelRequested, OrderEventType.ChannelCancelSent, OrderEventType.ChannelCancelAcknowledged]);
        (await Processor().RunOnceAsync()).Should().Be(0, "an acknowledged request is finished");
        Channel.CancelCalls.Should().Be(1);
    }

    [Fact]
    public async Task Amazon_like_channel_processes_a_cancellation_then_acknowledges_it_after_its_delay()
    {
        var number = await CancelledOnChannelAsync("Amazon");

        await Processor().RunOnceAsync();
        var sent = await RequestAsync(number);
        World.Clock.Advance(_options.PollInterval);
        await Processor().RunOnceAsync();
        var stillProcessing = await RequestAsync(number);
        World.Clock.Advance(Channel.Options.AmazonProcessingDelay);
        await Processor().RunOnceAsync();

        sent.State.Should().Be(ChannelCancellationState.Sent);
        sent.NextAttemptAt.Should().Be(World.Clock.GetUtcNow() - Channel.Options.AmazonProcessingDelay, "asked again after the poll interval");
        stillProcessing.State.Should().Be(ChannelCancellationState.Sent);
        (await RequestAsync(number)).State.Should().Be(ChannelCancellationState.Acknowledged);
        (await TimelineAsync(number)).Count(t => t == OrderEventType.ChannelCancelSent).Should().Be(1);
        Channel.CancellationsRecorded.Should().Be(1);
    }

    [Fact]
    public async Task Amazon_like_channel_refuses_an_order_it_reports_shipped_and_the_reason_is_on_the_timeline()
    {
        var shippedHere = await World.PlaceShippedOrderWithLabelAsync(East, (Widget, 1));
        await World.CancelAsync([shippedHere], deleteLabels: false, alsoOnChannel: true);
        var shippedThere = await PlaceOrderOnAsync("Amazon");
        Channel.Options.ShippedOrderIds.Add((await World.OrderAsync(shippedThere)).ChannelOrderId.ToLowerInvariant());
        await World.CancelAsync([shippedThere], deleteLabels: false, alsoOnChannel: true);
        var amazonLike = new SandboxSalesChannel(new SandboxSalesChannelOptions
        {
            AmazonLikeChannels = "Amazon, Shopify", ShippedOrderIds = Channel.Options.ShippedOrderIds,
        }, World.Clock);

        await Processor(amazonLike).RunOnceAsync();

        foreach (var number in new[] { shippedHere, shippedThere })
        {
            var request = await RequestAsync(number);
            request.State.Should().Be(ChannelCancellationState.Refused);
            request.RefusalReason.Should().Contain("has already shipped");
            var order = await World.OrderAsync(number);
            order.Status.Should().Be(OrderStatus.Cancelled, "the channel's refusal does not undo our cancel");
            order.Events.Last().Should().Match<OrderEvent>(e => e.Type == OrderEventType.ChannelCancelRefused && e.Detail!.Contains("has already shipped"));
        }
    }

    [Fact]
    public async Task Transient_failure_is_retried_after_a_backoff_and_reaches_the_channel_once()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        Channel.Options.FailNextCalls = 1;

        await Processor().RunOnceAsync();
        var failed = await RequestAsync(number);
        await Processor().RunOnceAsync();
        var tooEarly = await RequestAsync(number);
        World.Clock.Advance(_options.FirstRetryDelay);
        await Processor().RunOnceAsync();

        failed.State.Should().Be(ChannelCancellationState.Requested);
        (failed.Attempts, failed.LastError).Should().Be((1, "The sales channel is unavailable (503)."));
        tooEarly.Attempts.Should().Be(1, "nothing is retried before its backoff is over");
        (await RequestAsync(number)).Should().Match<ChannelCancellation>(r => r.State == ChannelCancellationState.Acknowledged && r.Attempts == 0 && r.LastError == null);
        Channel.CancelCalls.Should().Be(1);
    }

    [Fact]
    public async Task A_bulk_cancel_larger_than_a_batch_reaches_the_channel_in_one_drain_not_one_batch_per_worker_interval()
    {
        var numbers = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            numbers.Add(await PlaceOrderOnAsync("Shopify"));
        }

        await World.CancelAsync(numbers, deleteLabels: false, alsoOnChannel: true);
        var batchOfTwo = new ChannelCancellationProcessor(Database, Channel, World.Clock, new ChannelSyncOptions { BatchSize = 2 });

        var handled = await batchOfTwo.RunUntilDrainedAsync();

        handled.Should().Be(5);
        await using var db = Database.CreateDbContext();
        (await db.ChannelCancellations.CountAsync(c => c.State == ChannelCancellationState.Acknowledged)).Should().Be(5);
        Channel.CancelCalls.Should().Be(5);
    }

    [Fact]
    public async Task A_channel_configured_as_down_fails_transiently_while_the_other_channels_answer()
    {
        var down = await CancelledOnChannelAsync("Etsy");
        var up = await CancelledOnChannelAsync("Shopify");
        Channel.Options.DownChannels = "Walmart, ETSY ";

        await Processor().RunOnceAsync();

        (await RequestAsync(down)).Should().Match<ChannelCancellation>(r =>
            r.State == ChannelCancellationState.Requested && r.Attempts == 1 && r.LastError == "The sales channel is unavailable (503).");
        (await RequestAsync(up)).State.Should().Be(ChannelCancellationState.Acknowledged);
    }

    [Fact]
    public async Task Channel_down_for_long_backs_off_exponentially_says_still_retrying_once_and_shows_on_needs_attention_until_it_gets_through()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        Channel.Options.Down = true;
        var delays = new List<TimeSpan>();
        var listed = new List<int>();

        for (var i = 0; i < 6; i++)
        {
            var before = World.Clock.GetUtcNow();
            await Processor().RunOnceAsync();
            var next = (await RequestAsync(number)).NextAttemptAt!.Value;
            delays.Add(next - before);
            listed.Add((await new NeedsAttention(Database).FailingAsync(0, 25)).Total);
            World.Clock.Advance(next - before);
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(30, 60, 120, 240, 480, 960);
        listed.Should().Equal(0, 0, 1, 1, 1, 1);
        (await TimelineAsync(number)).Count(t => t == OrderEventType.ChannelCancelRetrying).Should().Be(1);
        var row = (await new NeedsAttention(Database).FailingAsync(0, 25)).Rows.Should().ContainSingle().Subject;
        (row.OrderNumber, row.Channel, row.Attempts, row.LastError).Should().Be((number, "Shopify", 6, "The sales channel is unavailable (503)."));

        Channel.Options.Down = false;
        await Processor().RunOnceAsync();
        (await RequestAsync(number)).State.Should().Be(ChannelCancellationState.Acknowledged);
        (await new NeedsAttention(Database).FailingAsync(0, 25)).Total.Should().Be(0);
    }

    [Fact]
    public async Task Restart_in_the_middle_of_a_call_resumes_the_request_and_the_channel_cancels_once()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        var crashing = new CrashAfterChannelAnswers(Channel);

        var crash = () => Processor(crashing).RunOnceAsync();
        await crash.Should().ThrowAsync<ProcessCrashed>();
        await Processor().RunOnceAsync();
        var whileLeased = await RequestAsync(number);
        World.Clock.Advance(_options.Lease);
        await Processor().RunOnceAsync();

        whileLeased.State.Should().Be(ChannelCancellationState.Requested, "the dead worker's lease still holds it");
        (await RequestAsync(number)).State.Should().Be(ChannelCancellationState.Acknowledged);
        Channel.CancelCalls.Should().Be(2);
        Channel.CancellationsRecorded.Should().Be(1, "the retry carried the same idempotency key");
        (await TimelineAsync(number)).Count(t => t == OrderEventType.ChannelCancelAcknowledged).Should().Be(1);
    }

    [Fact]
    public async Task A_channel_that_forgot_a_request_after_our_restart_is_asked_again_and_acknowledges_it_never_a_refusal()
    {
        var number = await CancelledOnChannelAsync("Amazon");
        await Processor().RunOnceAsync();
        (await RequestAsync(number)).State.Should().Be(ChannelCancellationState.Sent);

        // The app restarts while the channel processes it: the sandbox comes back empty.
        var afterRestart = new SandboxSalesChannel(Channel.Options, World.Clock);
        World.Clock.Advance(_options.PollInterval);
        await Processor(afterRestart).RunOnceAsync();
        var asked = await RequestAsync(number);
        World.Clock.Advance(afterRestart.Options.AmazonProcessingDelay);
        await Processor(afterRestart).RunOnceAsync();

        asked.State.Should().Be(ChannelCancellationState.Sent, "\"no record\" is not a refusal: the request was asked again");
        afterRestart.CancelCalls.Should().Be(1);
        var request = await RequestAsync(number);
        request.State.Should().Be(ChannelCancellationState.Acknowledged);
        request.RefusalReason.Should().BeNull();
    }

    [Fact]
    public async Task A_channel_that_hangs_times_out_and_counts_as_a_transient_failure()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        Channel.Options.Hang = true;
        var processor = new ChannelCancellationProcessor(Database, Channel, TimeProvider.System,
            new ChannelSyncOptions { CallTimeout = TimeSpan.FromMilliseconds(100) });

        await processor.RunOnceAsync();

        var request = await RequestAsync(number);
        request.State.Should().Be(ChannelCancellationState.Requested);
        request.Attempts.Should().Be(1);
        request.LastError.Should().StartWith("The sales channel did not answer within");
    }

    [Fact]
    public async Task Manager_retry_makes_a_failing_cancellation_due_now_and_notes_it_on_the_timeline()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        Channel.Options.FailNextCalls = 2;
        await Processor().RunOnceAsync();
        var id = (await RequestAsync(number)).Id;

        await new RetryChannelCancellation(Database, World.Clock).RunAsync(id, Scenario.Bob);
        await Processor().RunOnceAsync();
        var afterFailedRetry = await RequestAsync(number);
        await new RetryChannelCancellation(Database, World.Clock).RunAsync(id, Scenario.Bob);
        await Processor().RunOnceAsync();

        afterFailedRetry.Attempts.Should().Be(1, "the retry reset the count and the next call failed once more");
        (await RequestAsync(number)).State.Should().Be(ChannelCancellationState.Acknowledged);
        (await World.OrderAsync(number)).Events.Where(e => e.Type == OrderEventType.ChannelCancelRetrying)
            .Should().HaveCount(2).And.OnlyContain(e => e.ActorName == Scenario.Bob.Name && e.Detail == "Retry asked for by a manager");
    }

    [Fact]
    public async Task A_finished_channel_cancellation_cannot_be_retried_and_an_unknown_one_is_said_so()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        await Processor().RunOnceAsync();
        var id = (await RequestAsync(number)).Id;

        var finished = () => new RetryChannelCancellation(Database, World.Clock).RunAsync(id, Scenario.Bob);
        var unknown = () => new RetryChannelCancellation(Database, World.Clock).RunAsync(id + 1000, Scenario.Bob);

        (await finished.Should().ThrowAsync<DomainException>()).Which.Message.Should().Contain("already acknowledged");
        (await unknown.Should().ThrowAsync<InvalidRequestException>()).Which.Message.Should().Be($"Channel cancellation {id + 1000} does not exist.");
    }

    [Fact]
    public async Task An_answer_to_a_call_in_flight_when_the_order_was_restored_is_still_recorded_and_says_the_two_now_disagree()
    {
        var number = await CancelledOnChannelAsync("Shopify");
        var restoreDuringCall = new RestoreDuringCall(Channel, () => World.Restore.RunAsync([number], null, Scenario.Bob));

        await Processor(restoreDuringCall).RunOnceAsync();

        var order = await World.OrderAsync(number);
        order.Status.Should().Be(OrderStatus.AwaitingFulfillment);
        order.ChannelCancellations.Single().State.Should().Be(ChannelCancellationState.Acknowledged, "the channel did cancel it");
        order.Events.Select(e => e.Type).Should().EndWith(
            [OrderEventType.Restored, OrderEventType.ChannelCancelWithdrawn, OrderEventType.ChannelCancelSent, OrderEventType.ChannelCancelAcknowledged]);
        order.Events.Last().Detail.Should().EndWith("The order was restored here meanwhile, so the two now disagree.");
    }

    private async Task<int> PlaceOrderOnAsync(string channel) =>
        await World.PlaceOrderAsync(East, World.Clock.GetUtcNow().AddDays(-1), channel, (Widget, 1));

    private async Task<int> CancelledOnChannelAsync(string channel, bool notify = false)
    {
        var number = await PlaceOrderOnAsync(channel);
        await World.CancelAsync([number], deleteLabels: false, reason: CancelReason.CustomerRequest, alsoOnChannel: true, notifyCustomer: notify);
        return number;
    }

    private async Task<ChannelCancellation> RequestAsync(int orderNumber)
    {
        await using var db = Database.CreateDbContext();
        return await db.ChannelCancellations.AsNoTracking().SingleAsync(c => c.OrderNumber == orderNumber);
    }

    private async Task<List<OrderEventType>> TimelineAsync(int orderNumber)
    {
        await using var db = Database.CreateDbContext();
        return await db.OrderEvents.Where(e => e.OrderNumber == orderNumber).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }

    private sealed class ProcessCrashed : Exception;

    /// <summary>The channel cancels the order, then the process dies before writing the answer down.</summary>
    private sealed class CrashAfterChannelAnswers(ISalesChannelGateway inner) : ISalesChannelGateway
    {
        public async Task<ChannelDecision> CancelOrderAsync(ChannelCancelAsk ask, CancellationToken ct)
        {
            await inner.CancelOrderAsync(ask, ct);
            throw new ProcessCrashed();
        }

        public Task<ChannelDecision> GetCancellationAsync(string channel, string idempotencyKey, CancellationToken ct) =>
            inner.GetCancellationAsync(channel, idempotencyKey, ct);
    }

    /// <summary>Someone restores the order while the worker's call to the channel is in flight.</summary>
    private sealed class RestoreDuringCall(ISalesChannelGateway inner, Func<Task> restore) : ISalesChannelGateway
    {
        public async Task<ChannelDecision> CancelOrderAsync(ChannelCancelAsk ask, CancellationToken ct)
        {
            await restore();
            return await inner.CancelOrderAsync(ask, ct);
        }

        public Task<ChannelDecision> GetCancellationAsync(string channel, string idempotencyKey, CancellationToken ct) =>
            inner.GetCancellationAsync(channel, idempotencyKey, ct);
    }

    public sealed class OnSqlite() : ChannelCancellationPipelineTests(TestDatabase.InMemory());

    public sealed class OnPostgres() : ChannelCancellationPipelineTests(TestDatabase.Postgres());
}
