using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace OrdoroLite.Domain.Data;

/// <summary>
/// What writing needs that differs from one database to another: how a write transaction begins,
/// which failures mean "someone else wrote first, try again", how new keys are reserved, and how
/// a set of rows is inserted, updated or added to. One implementation per provider lives in
/// <c>Data/&lt;Provider&gt;/</c>; the writer (<see cref="StoreWriter"/>) and every use case name only
/// this interface.
/// </summary>
public interface IStoreDialect
{
    /// <summary>Begins the operation's write transaction on the context's connection.</summary>
    Task<IDbContextTransaction> BeginWriteAsync(DatabaseFacade database, CancellationToken ct);

    /// <summary>True when <paramref name="exception"/> means another writer changed the same rows first: the operation may run again.</summary>
    bool IsConflict(Exception exception);

    /// <summary>True when <paramref name="exception"/> means another writer held a lock past the wait the docs promise (10 s).</summary>
    bool IsBusy(Exception exception);

    /// <summary>Reserves <paramref name="count"/> new values of a table's integer key, each above every stored key and unique among writers.</summary>
    Task<long[]> ReserveKeysAsync(RowTarget target, string table, string keyColumn, int count, CancellationToken ct);

    /// <summary>Inserts the rows (every column given, keys included).</summary>
    Task InsertAsync(RowTarget target, RowSet rows, CancellationToken ct);

    /// <summary>
    /// For each row, sets the <paramref name="setColumns"/> values where the
    /// <paramref name="whereColumns"/> values match (key, and the concurrency token as read).
    /// A row's values are its set values followed by its where values.
    /// </summary>
    /// <returns>How many stored rows matched; fewer than the rows given means another writer changed some first.</returns>
    Task<int> UpdateAsync(RowTarget target, string table, IReadOnlyList<Column> setColumns, IReadOnlyList<Column> whereColumns,
        IReadOnlyList<object?[]> rows, CancellationToken ct);

    /// <summary>
    /// Adds each row's non-key values to the stored row with the same key (<c>x = x + d</c>), inserting
    /// the row where none exists: stock levels and report summaries stay exact with several writers.
    /// </summary>
    Task AddAsync(RowTarget target, RowSet rows, CancellationToken ct);
}

/// <summary>The connection and open transaction the rows go through.</summary>
public sealed record RowTarget(DbConnection Connection, DbTransaction Transaction);

/// <summary>One stored column: its name and EF's type mapping for this provider (which makes its parameters).</summary>
public sealed record Column(string Name, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping Mapping, bool IsKey);

/// <summary>Rows of one table, each with one provider value per column, in column order.</summary>
public sealed record RowSet(string Table, IReadOnlyList<Column> Columns, IReadOnlyList<object?[]> Rows);
