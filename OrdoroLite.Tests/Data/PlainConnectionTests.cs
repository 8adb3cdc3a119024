using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Data;

/// <summary>
/// Connections are opened without EF's decimal and regexp SQL functions (SqlitePlainConnection):
/// this keeps the model from growing a column that would need them.
/// </summary>
public sealed class PlainConnectionTests
{
    [Fact]
    public async Task The_model_has_no_decimal_column_that_would_need_EFs_decimal_functions()
    {
        await using var database = TestDatabase.InMemory();
        await using var db = database.CreateDbContext();

        var decimals = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties())
            .Where(p => Nullable.GetUnderlyingType(p.ClrType) == typeof(decimal) || p.ClrType == typeof(decimal))
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}");

        decimals.Should().BeEmpty("SqlitePlainConnection does not register ef_add, ef_sum, EF_DECIMAL and the like; store money as cents");
    }
}
