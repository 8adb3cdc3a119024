using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// Watches two (or more) sessions running a use case at once. Each session waits, between its
/// reads and its write (just before SaveChanges), for the others to get there too, so that if
/// the sessions were not serialized they would all decide on the same stale state before any of
/// them writes. If they are serialized, the others cannot get there (they wait for the write
/// lock) and the session goes on after <see cref="_patience"/>. The probe also records how many
/// sessions were inside a transaction at once and the order in which they committed.
/// </summary>
public sealed class RaceProbe(int sessions, TimeSpan patience)
{
    private readonly TimeSpan _patience = patience;
    private readonly TaskCompletionSource _allAtBarrier = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _commits = new();
    private int _atBarrier;
    private int _inTransaction;
    private int _mostInTransaction;

    public int MostSessionsInATransactionAtOnce => Volatile.Read(ref _mostInTransaction);

    public IReadOnlyList<string> CommitOrder => [.. _commits];

    public IInterceptor Session(string name) => new SessionInterceptor(this, name);

    private async Task ArriveAsync(CancellationToken ct)
    {
        if (Interlocked.Increment(ref _atBarrier) == sessions)
        {
            _allAtBarrier.TrySetResult();
        }

        await Task.WhenAny(_allAtBarrier.Task, Task.Delay(_patience, ct));
    }

    private void Entered()
    {
        var now = Interlocked.Increment(ref _inTransaction);
        int most;
        while (now > (most = Volatile.Read(ref _mostInTransaction))
               && Interlocked.CompareExchange(ref _mostInTransaction, now, most) != most)
        {
        }
    }

    // Counted out before COMMIT runs: the next session can only start once COMMIT has released
    // the lock, so a serialized pair never shows two sessions inside at once.
    private void Leaving() => Interlocked.Decrement(ref _inTransaction);

    // A session counts once however many attempts it makes: an attempt that lost a race is disposed
    // without a rollback event (OrdoroStore reruns it), so counting transactions would count it twice.
    private sealed class SessionInterceptor(RaceProbe probe, string name) : SaveChangesInterceptor, IDbTransactionInterceptor
    {
        private int _inside;

        private void Enter()
        {
            if (Interlocked.Exchange(ref _inside, 1) == 0)
            {
                probe.Entered();
            }
        }

        private void Leave()
        {
            if (Interlocked.Exchange(ref _inside, 0) == 1)
            {
                probe.Leaving();
            }
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await probe.ArriveAsync(cancellationToken);
            return result;
        }

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
            DbTransaction result, CancellationToken cancellationToken = default)
        {
            Enter();
            return ValueTask.FromResult(result);
        }

        // A deferred SQLite transaction is begun on the connection and handed to EF.
        public ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData,
            DbTransaction result, CancellationToken cancellationToken = default)
        {
            Enter();
            return ValueTask.FromResult(result);
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Leave();
            return ValueTask.FromResult(result);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            probe._commits.Enqueue(name);
            return Task.CompletedTask;
        }

        public ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Leave();
            return ValueTask.FromResult(result);
        }
    }
}

/// <summary>Holds a use case between its reads and its write until the test lets it go.</summary>
public sealed class PauseBeforeSave : SaveChangesInterceptor
{
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Paused => _paused.Task;

    public void Release() => _released.TrySetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _paused.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
        return result;
    }
}
