using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Data;

/// <summary>Rules of the EF model that the writer and the reports rely on.</summary>
public sealed class ModelRulesTests
{
    [Fact]
    public async Task Money_is_stored_as_integer_cents_so_no_column_is_a_decimal()
    {
        await using var database = TestDatabase.InMemory();
        await using var db = database.CreateDbContext();

        var decimals = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties())
            .Where(p => Nullable.GetUnderlyingType(p.ClrType) == typeof(decimal) || p.ClrType == typeof(decimal))
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}");

        decimals.Should().BeEmpty("amounts are integer cents (SQLite has no decimal type; sums must be exact)");
    }

    [Fact]
    public async Task Only_status_cancellation_hand_tracking_label_state_scan_and_keeping_refund_and_channel_cancellation_progress_change_after_insert()
    {
        await using var database = TestDatabase.InMemory();
        await using var db = database.CreateDbContext();

        var mutable = db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace!.StartsWith("OrdoroLite.Domain.Orders", StringComparison.Ordinal)
                || t.ClrType.Namespace!.StartsWith("OrdoroLite.Domain.Labels", StringComparison.Ordinal)
                || t.ClrType.Namespace!.StartsWith("OrdoroLite.Domain.Channels", StringComparison.Ordinal))
            .SelectMany(t => t.GetProperties().Concat(t.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties())))
            .Where(p => !p.IsPrimaryKey() && p.GetAfterSaveBehavior() == PropertySaveBehavior.Save)
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}")
            .Order(StringComparer.Ordinal);

        // What the writer may update; everything else (an order's date, channel, warehouse, lines, events…) is written once.
        mutable.Should().Equal(
            "ChannelCancellation.AnsweredAt", "ChannelCancellation.Attempts", "ChannelCancellation.LastError",
            "ChannelCancellation.NextAttemptAt", "ChannelCancellation.RefusalReason", "ChannelCancellation.State",
            "Label.DeletedAt", "Label.KeptSince", "Label.ScannedAt", "Label.State",
            "Order.Cancellation#Cancellation.At", "Order.Cancellation#Cancellation.ById", "Order.Cancellation#Cancellation.ByName",
            "Order.Cancellation#Cancellation.Comment", "Order.Cancellation#Cancellation.LabelDeleted", "Order.Cancellation#Cancellation.Reason",
            "Order.Cancellation#Cancellation.StatusBefore", "Order.HandTrackingKey", "Order.HandTrackingNumber", "Order.Status", "Order.Version",
            "RefundRequest.Attempts", "RefundRequest.DecidedAt", "RefundRequest.DenialReason", "RefundRequest.LastError", "RefundRequest.NextAttemptAt",
            "RefundRequest.State");
    }
}

/// <summary>
/// Each provider's migrations build exactly today's model: a change to an entity or its configuration
/// without a migration for both providers (or a snapshot merged wrongly from two branches) fails here,
/// before a database is left without a column the code writes.
/// </summary>
public abstract class MigrationsMatchModelTests(Func<TestDatabase> open)
{
    [Fact]
    public async Task The_migrations_leave_no_model_change_pending()
    {
        await using var database = open();
        await using var db = database.CreateDbContext();

        db.Database.HasPendingModelChanges().Should().BeFalse("every change to the model has a migration on this provider");
    }

    public sealed class OnSqlite() : MigrationsMatchModelTests(TestDatabase.InMemory);

    public sealed class OnPostgres() : MigrationsMatchModelTests(TestDatabase.Postgres);
}
