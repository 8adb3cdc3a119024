using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
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

    /// <summary>
    /// Each migration's target model is the one before it plus what the migration does: going from one
    /// migration's model to the next drops nothing the migration does not drop itself. A migration made
    /// on a branch that began before another branch's migrations carries a model without their columns
    /// and indexes; SQLite's table rebuilds (a later DropColumn, a Down) are made from that model and
    /// would silently lose them (found in the issue 17/18/19 merge: IX_Labels_TrackingKey).
    /// </summary>
    [Fact]
    public async Task Each_migrations_model_keeps_everything_the_one_before_it_had_that_it_does_not_drop_itself()
    {
        await using var database = open();
        await using var db = database.CreateDbContext();
        var migrations = db.GetService<IMigrationsAssembly>();
        var differ = db.GetService<IMigrationsModelDiffer>();
        var initializer = db.GetService<IModelRuntimeInitializer>();
        IRelationalModel? before = null;
        var lost = new List<string>();
        foreach (var (id, type) in migrations.Migrations)
        {
            var migration = migrations.CreateMigration(type, db.Database.ProviderName!);
            var after = initializer.Initialize(migration.TargetModel!, designTime: true).GetRelationalModel();
            if (before is not null)
            {
                var own = migration.UpOperations.Select(Dropped).OfType<string>().ToHashSet();
                lost.AddRange(differ.GetDifferences(before, after).Select(Dropped).OfType<string>()
                    .Where(d => !own.Contains(d)).Select(d => $"{id}: {d}"));
            }

            before = after;
        }

        lost.Should().BeEmpty("a migration's model must contain what the migrations before it made");
    }

    private static string? Dropped(MigrationOperation operation) => operation switch
    {
        DropTableOperation t => $"table {t.Name}",
        DropColumnOperation c => $"column {c.Table}.{c.Name}",
        DropIndexOperation i => $"index {i.Name}",
        _ => null,
    };

    public sealed class OnSqlite() : MigrationsMatchModelTests(TestDatabase.InMemory);

    public sealed class OnPostgres() : MigrationsMatchModelTests(TestDatabase.Postgres);
}
