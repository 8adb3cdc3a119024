using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OrdoroLite.App.Features.Orders;
using OrdoroLite.App.Features.Orders.Actions;
using OrdoroLite.App.Features.Orders.Jobs;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Orders.Actions;
using OrdoroLite.Domain.Orders.Queries;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Orders;

/// <summary>Background jobs over the real use cases and a real SQLite database, two orders per batch.</summary>
public sealed class OrderJobsTests : TwoWarehouses
{
    private static readonly JobViewer AliceViews = new(Scenario.Alice.Id, IsManager: false);
    private static readonly JobViewer BobViews = new(Scenario.Bob.Id, IsManager: false);
    private static readonly JobViewer ManagerViews = new("user-manager", IsManager: true);

    [Fact]
    public async Task A_job_runs_every_batch_through_the_use_case_and_counts_done_and_skipped_orders()
    {
        var numbers = await PlaceAsync(5);
        await World.CancelAsync([numbers[1]], deleteLabels: false);
        var changes = new List<int>();
        var jobs = Jobs(World.Database, changes);

        var job = jobs.Start(Scenario.Alice, new OrderActionInput(OrderAction.Cancel, "Closing the season", CancelReason.OutOfStock), numbers);
        await jobs.WhenIdleAsync();

        job.Progress.Should().BeEquivalentTo(new { State = JobState.Finished, Total = 5, Done = 4, Skipped = 1, NotFound = 0, Left = 0 });
        (await World.OrderAsync(numbers[4])).Cancellation!.Comment.Should().Be("Closing the season");
        changes.Should().BeEquivalentTo(numbers, "open grids hear of every order the job went through");
        Csv(job).Should().Equal(
            "Order,Outcome,Message,Stock warnings",
            $"{numbers[0]},done,cancelled,",
            $"{numbers[1]},skipped,already cancelled,",
            $"{numbers[2]},done,cancelled,",
            $"{numbers[3]},done,cancelled,",
            $"{numbers[4]},done,cancelled,");
    }

    [Fact]
    public async Task Stopping_a_job_ends_it_after_the_batch_under_way_and_what_was_done_stays_done()
    {
        var numbers = await PlaceAsync(6);
        var gate = new BatchGate();
        var jobs = Jobs(World.Database.With(gate), []);
        var job = jobs.Start(Scenario.Alice, new OrderActionInput(OrderAction.Cancel, null), numbers);
        await gate.FirstBatchWritingAsync;

        jobs.Stop(job.Id, AliceViews).Should().BeTrue();
        job.Progress.State.Should().Be(JobState.Stopping);
        gate.Release();
        await jobs.WhenIdleAsync();

        job.Progress.Should().BeEquivalentTo(new { State = JobState.Stopped, Done = 2, Left = 4 });
        (await World.OrderAsync(numbers[1])).Status.Should().Be(OrderStatus.Cancelled);
        (await World.OrderAsync(numbers[2])).Status.Should().Be(OrderStatus.AwaitingFulfillment);
        Csv(job).Skip(3).Should().OnlyContain(line => line.Contains(",not run,the action was stopped before this order's batch,"));
    }

    [Fact]
    public async Task Staff_see_and_stop_only_their_own_jobs_and_a_manager_sees_and_stops_every_running_one()
    {
        var numbers = await PlaceAsync(4);
        var gate = new BatchGate();
        var jobs = Jobs(World.Database.With(gate), []);
        var job = jobs.Start(Scenario.Alice, new OrderActionInput(OrderAction.Cancel, null), numbers);
        await gate.FirstBatchWritingAsync;

        jobs.VisibleTo(AliceViews).Should().ContainSingle();
        jobs.VisibleTo(BobViews).Should().BeEmpty();
        jobs.Find(job.Id, BobViews).Should().BeNull("Bob may not download Alice's outcome");
        jobs.Stop(job.Id, BobViews).Should().BeFalse();
        jobs.VisibleTo(ManagerViews).Should().ContainSingle();
        jobs.Find(job.Id, ManagerViews).Should().NotBeNull();
        jobs.Stop(job.Id, ManagerViews).Should().BeTrue();
        gate.Release();
        await jobs.WhenIdleAsync();

        job.Progress.State.Should().Be(JobState.Stopped);
        jobs.VisibleTo(ManagerViews).Should().BeEmpty("a manager follows others' running jobs, not their results");
        jobs.VisibleTo(AliceViews).Should().ContainSingle();
        jobs.Dismiss(job.Id, BobViews);
        jobs.VisibleTo(AliceViews).Should().ContainSingle("only its owner dismisses a job");
        jobs.Dismiss(job.Id, AliceViews);
        jobs.VisibleTo(AliceViews).Should().BeEmpty();
    }

    [Fact]
    public async Task A_person_runs_one_job_at_a_time_and_a_job_takes_at_most_a_hundred_thousand_orders()
    {
        var numbers = await PlaceAsync(4);
        var gate = new BatchGate();
        var jobs = Jobs(World.Database.With(gate), []);
        jobs.Start(Scenario.Alice, new OrderActionInput(OrderAction.Cancel, null), numbers);
        await gate.FirstBatchWritingAsync;

        var second = () => jobs.Start(Scenario.Alice, new OrderActionInput(OrderAction.Restore, null), numbers);
        var tooMany = () => jobs.Start(Scenario.Bob, new OrderActionInput(OrderAction.Restore, null), Enumerable.Range(1, OrderJobs.MaxOrders + 1).ToList());
        var longComment = () => jobs.Start(Scenario.Bob, new OrderActionInput(OrderAction.Restore, new string('x', Comment.MaxLength + 1)), numbers);

        second.Should().Throw<DomainException>().WithMessage("You already have an action running*");
        tooMany.Should().Throw<InvalidRequestException>().WithMessage("100,001 orders were selected*");
        longComment.Should().Throw<InvalidRequestException>();
        gate.Release();
        await jobs.WhenIdleAsync();
    }

    private async Task<List<int>> PlaceAsync(int count)
    {
        var numbers = new List<int>();
        for (var i = 0; i < count; i++)
        {
            numbers.Add(await World.PlaceOrderAsync(East, (Gadget, 1)));
        }

        return numbers;
    }

    private OrderJobs Jobs(Microsoft.EntityFrameworkCore.IDbContextFactory<OrdoroLite.Domain.Data.OrdoroDbContext> contexts, List<int> changed)
    {
        var actions = new OrderActions(new CancelOrders(contexts, World.Clock), new RestoreOrders(contexts, World.Clock),
            new CreateLabels(contexts, new SandboxCarrier(), World.Clock), new DeleteLabels(contexts, World.Clock));
        var changes = new OrderChanges(new OrderTabCounts(contexts, World.Clock), new OrdoroLite.Domain.Data.NoChangeFeed(),
            NullLogger<OrderChanges>.Instance);
        changes.Changed += numbers =>
        {
            lock (changed)
            {
                changed.AddRange(numbers);
            }
        };
        return new OrderJobs(actions, changes, World.Clock, NullLogger<OrderJobs>.Instance) { BatchSize = 2 };
    }

    private static List<string> Csv(OrderJob job)
    {
        using var text = new StringWriter();
        job.WriteCsv(text);
        return text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>Holds the first batch just before it writes, until the test releases it; later batches pass.</summary>
    private sealed class BatchGate : SaveChangesInterceptor
    {
        private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstBatchWritingAsync => _writing.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _writing.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return result;
        }
    }
}
