using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrdoroLite.Tests.Support;

/// <summary>A statement EF sent, with its parameters (name and value).</summary>
public sealed record Statement(string Text, IReadOnlyList<(string Name, object Value)> Parameters);

/// <summary>Every query EF sends, with its parameters (the pragmas on open are not EF commands); attach with <see cref="TestDatabase.With"/>.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    public List<Statement> Statements { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        lock (Statements)
        {
            Statements.Add(new Statement(command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList()));
        }

        return ValueTask.FromResult(result);
    }
}

/// <summary>SQLite's plan of a logged statement.</summary>
public static class SqlitePlans
{
    /// <summary>The detail column of <c>EXPLAIN QUERY PLAN</c>, one step a line, with the statement's parameters bound.</summary>
    public static async Task<List<string>> PlanAsync(this TestDatabase database, Statement statement)
    {
        await using var db = database.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement.Text;
        foreach (var (name, value) in statement.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
