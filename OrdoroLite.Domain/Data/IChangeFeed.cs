namespace OrdoroLite.Domain.Data;

/// <summary>
/// Tells the other app servers on the same database that orders changed, so their open screens
/// refresh (docs/orders-grid.md, "Live refresh"). One implementation per provider: PostgreSQL's
/// LISTEN/NOTIFY; SQLite runs one server, so its feed carries nothing.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Publishes a change to every other server (best effort: a lost message only delays a refresh until the next one).</summary>
    Task PublishAsync(IReadOnlyCollection<int> orderNumbers, CancellationToken ct);

    /// <summary>
    /// Calls <paramref name="changed"/> for each change another server publishes, until
    /// <paramref name="ct"/> is cancelled; reconnects after a lost connection. An empty
    /// collection means "some orders changed" (too many to name).
    /// </summary>
    Task ListenAsync(Action<IReadOnlyCollection<int>> changed, CancellationToken ct);
}

/// <summary>No other server to tell.</summary>
public sealed class NoChangeFeed : IChangeFeed
{
    public Task PublishAsync(IReadOnlyCollection<int> orderNumbers, CancellationToken ct) => Task.CompletedTask;

    public Task ListenAsync(Action<IReadOnlyCollection<int>> changed, CancellationToken ct) =>
        Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
}
