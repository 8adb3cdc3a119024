using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SQLitePCL;

namespace OrdoroLite.Domain.Data.Sqlite;

/// <summary>One column: a property (converted as EF converts it) or an owned collection written as EF's JSON.</summary>
internal sealed class SqliteColumn
{
    private readonly INavigation? _json;

    public SqliteColumn(IProperty property, IEntityType table)
    {
        Property = property;
        Name = property.GetColumnName(StoreObjectIdentifier.Table(table.GetTableName()!, table.GetSchema()))!;
    }

    public SqliteColumn(INavigation json)
    {
        _json = json;
        Name = json.TargetEntityType.GetContainerColumnName()!;
    }

    public IProperty? Property { get; }

    public string Name { get; }

    /// <summary>The table's columns: the entity's own and its complex types' properties, and owned collections stored as JSON.</summary>
    public static List<SqliteColumn> Of(IEntityType type) =>
        type.GetFlattenedProperties().Select(p => new SqliteColumn(p, type))
            .Concat(type.GetNavigations()
                .Where(n => n.TargetEntityType.IsMappedToJson())
                .Select(n => new SqliteColumn(n)))
            .ToList();

    public static string InsertSql(IEntityType type, IReadOnlyList<SqliteColumn> columns) => $"""
        INSERT INTO "{type.GetTableName()}" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))})
        VALUES ({string.Join(", ", columns.Select(_ => "?"))});
        """;

    /// <summary>The value to bind, converted as EF converts it; <paramref name="read"/> reads a property or navigation of the row's entity.</summary>
    public object? ProviderValue(Func<IPropertyBase, object?> read)
    {
        if (_json is not null)
        {
            return Json(_json.TargetEntityType, (IEnumerable?)read(_json));
        }

        var value = read(Property!);
        return value is null ? null : Property!.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private static string Json(IEntityType owned, IEnumerable? items)
    {
        var properties = owned.GetProperties().Where(p => p.GetJsonPropertyName() is not null).ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var item in items ?? Array.Empty<object>())
            {
                json.WriteStartObject();
                foreach (var p in properties)
                {
                    json.WritePropertyName(p.GetJsonPropertyName()!);
                    WriteJsonValue(json, p.GetGetter().GetClrValueUsingContainingEntity(item));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int or long or short or byte: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            default: throw new NotSupportedException($"A {value.GetType().Name} in a JSON column is not supported here.");
        }
    }
}

/// <summary>A prepared statement bound by position; values are bound as Microsoft.Data.Sqlite binds parameters.</summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
    }

    public void Bind(int index, object? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        string s => raw.sqlite3_bind_text(_statement, index, s),
        bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
        int or long or short or byte or sbyte or ushort or uint => raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        Enum e => raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
        double or float => raw.sqlite3_bind_double(_statement, index, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        DateTime d => raw.sqlite3_bind_text(_statement, index, d.ToString(SqliteStatements.InstantFormat, CultureInfo.InvariantCulture)),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
        _ => throw new NotSupportedException($"A {value.GetType().Name} value cannot be bound here."),
    });

    public void Run(int expectedChanges)
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            if (raw.sqlite3_changes(_db) != expectedChanges)
            {
                throw new DbUpdateConcurrencyException(
                    $"Expected to change {expectedChanges} row(s), changed {raw.sqlite3_changes(_db)}; nothing was saved.");
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
