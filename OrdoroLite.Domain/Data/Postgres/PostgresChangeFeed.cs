using System.Globalization;
using Npgsql;

namespace OrdoroLite.Domain.Data.Postgres;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY on the channel <see cref="Channel"/>. A message is this server's id
/// and the changed numbers ("3f2a…:12,57,90"), or "*" for more than fit in a notification; a
/// server ignores its own. Notifications are delivered at commit, to every listening connection.
/// </summary>
public sealed class PostgresChangeFeed(string connectionString) : IChangeFeed
{
    public const string Channel = "ordorolite_orders";

    // NOTIFY payloads must stay under 8,000 bytes.
    private const int MaxPayload = 7_000;

    private readonly string _server = Guid.NewGuid().ToString("N")[..12];

    public async Task PublishAsync(IReadOnlyCollection<int> orderNumbers, CancellationToken ct)
    {
        var numbers = string.Join(",", orderNumbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("@channel", Channel);
        command.Parameters.AddWithValue("@payload", $"{_server}:{(numbers.Length > MaxPayload ? "*" : numbers)}");
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ListenAsync(Action<IReadOnlyCollection<int>> changed, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) =>
                {
                    var (server, numbers) = (e.Payload.Split(':', 2)[0], e.Payload.Split(':', 2).ElementAtOrDefault(1) ?? "*");
                    if (server != _server)
                    {
                        changed(numbers == "*"
                            ? []
                            : numbers.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList());
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException && !ct.IsCancellationRequested)
            {
                // The connection was lost (a restart of the server): listen again shortly. Screens
                // refresh on the next change they hear of.
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
