using System.Globalization;
using System.Runtime.InteropServices;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Orders;
using OrdoroLite.Domain.Seeding;
using SQLitePCL;

namespace OrdoroLite.Domain.Data.Sqlite;

public sealed partial class SqliteBulkWriter
{
    /// <summary>
    /// The report's summaries of the rows this writer inserts, summed in memory while they pass
    /// and added to the summary tables at the end, while the summary triggers are dropped.
    /// Rebuilding them with INSERT … SELECT … GROUP BY over a million orders took ≈ 14 s here;
    /// summing on the way costs well under a second. It counts exactly as the triggers do
    /// (<see cref="SqliteReportSummaries"/>); a test compares both after a seed.
    /// </summary>
    private sealed class ReportSums : IDisposable
    {
        private readonly Insert _orderDays;
        private readonly Insert _cancelDays;
        private readonly Insert _skuDays;
        private readonly Insert _skuWeeks;
        private readonly Insert _labelDays;
        private readonly Dictionary<DateOnly, string> _dayTexts = [];
        // Lines, labels and refunds arrive right after their order (ISeedSink), so only the
        // current order is remembered: no million-entry map for the garbage collector to walk.
        private readonly List<string> _currentSkus = [];
        private (int Number, string Day, bool Cancelled) _current = (0, "", false);
        private readonly Dictionary<(string Day, string Channel, int WarehouseId), (int Placed, int Cancelled)> _byChannel = [];
        private readonly Dictionary<(string Day, string Reason, bool StaffKnown, string Staff), int> _byReason = [];
        private readonly Dictionary<(string Sku, string Day), SkuSum> _bySku = new(600_000);
        private readonly Dictionary<string, LabelSum> _labelCosts = [];

        public ReportSums(SqliteBulkWriter writer, sqlite3 db)
        {
            _orderDays = new Insert(writer, db, 5, SqliteReportSummaries.AddOrderDayRow);
            _cancelDays = new Insert(writer, db, 5, SqliteReportSummaries.AddCancelDayRow);
            _skuDays = new Insert(writer, db, 5, SqliteReportSummaries.AddSkuRow(weekly: false));
            _skuWeeks = new Insert(writer, db, 5, SqliteReportSummaries.AddSkuRow(weekly: true));
            _labelDays = new Insert(writer, db, 5, SqliteReportSummaries.AddLabelDayRow);
        }

        public void Order(SeedOrder o)
        {
            var date = DateOnly.FromDateTime(o.OrderDate.UtcDateTime);
            if (!_dayTexts.TryGetValue(date, out var day))
            {
                day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                _dayTexts.Add(date, day);
            }

            var cancelled = o.Status == OrderStatus.Cancelled;
            _current = (o.Number, day, cancelled);
            _currentSkus.Clear();
            var channel = _byChannel.GetValueOrDefault((day, o.Channel, o.WarehouseId));
            _byChannel[(day, o.Channel, o.WarehouseId)] = (channel.Placed + 1, channel.Cancelled + (cancelled ? 1 : 0));
            if (cancelled)
            {
                var key = (day, o.CancelReason?.ToString() ?? "", o.CancelledBy is not null, o.CancelledBy?.Name ?? "");
                _byReason[key] = _byReason.GetValueOrDefault(key) + 1;
            }
        }

        public void Line(int orderNumber, string sku, int quantity)
        {
            var (_, day, cancelled) = Current(orderNumber);
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(_bySku, (sku, day), out _);
            if (!_currentSkus.Contains(sku, StringComparer.Ordinal))
            {
                _currentSkus.Add(sku);
                sum.Placed++;
                sum.Cancelled += cancelled ? 1 : 0;
            }

            sum.Units += cancelled ? quantity : 0;
        }

        public void Label(SeedLabel label)
        {
            if (label.State == LabelState.Active && Current(label.OrderNumber) is (_, var day, true))
            {
                LabelCosts(day).Kept += label.CostCents;
            }
        }

        /// <summary>The writer's refunds are all Requested (pending).</summary>
        public void Refund(int orderNumber, long amountCents)
        {
            if (Current(orderNumber) is (_, var day, true))
            {
                LabelCosts(day).Pending += amountCents;
            }
        }

        /// <summary>Queues the sums as upserts, in key order, behind the rows they summarise.</summary>
        public void WriteRows()
        {
            foreach (var ((day, channel, warehouse), (placed, cancelled)) in _byChannel.OrderBy(x => x.Key))
            {
                _orderDays.Text(day).Text(channel).Int(warehouse).Int(placed).Int(cancelled).Run();
            }

            foreach (var ((day, reason, known, staff), cancelled) in _byReason.OrderBy(x => x.Key))
            {
                _cancelDays.Text(day).Text(reason).Bool(known).Text(staff).Int(cancelled).Run();
            }

            var weeks = new Dictionary<(string Sku, string Week), SkuSum>();
            foreach (var ((sku, day), sum) in _bySku.OrderBy(x => x.Key.Sku, StringComparer.Ordinal).ThenBy(x => x.Key.Day, StringComparer.Ordinal))
            {
                _skuDays.Text(sku).Text(day).Int(sum.Placed).Int(sum.Cancelled).Int(sum.Units).Run();
                var date = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var week = date.AddDays(-(((int)date.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                ref var weekSum = ref CollectionsMarshal.GetValueRefOrAddDefault(weeks, (sku, week), out _);
                weekSum.Placed += sum.Placed;
                weekSum.Cancelled += sum.Cancelled;
                weekSum.Units += sum.Units;
            }

            foreach (var ((sku, week), sum) in weeks)
            {
                _skuWeeks.Text(sku).Text(week).Int(sum.Placed).Int(sum.Cancelled).Int(sum.Units).Run();
            }

            foreach (var (day, sum) in _labelCosts.OrderBy(x => x.Key, StringComparer.Ordinal))
            {
                // No seeded refund is answered yet: nothing refunded or denied.
                _labelDays.Text(day).Int(0).Int(0).Int(sum.Pending).Int(sum.Kept).Run();
            }
        }

        public void Dispose()
        {
            foreach (var insert in new[] { _orderDays, _cancelDays, _skuDays, _skuWeeks, _labelDays })
            {
                insert.Dispose();
            }
        }

        private (int Number, string Day, bool Cancelled) Current(int orderNumber) =>
            orderNumber == _current.Number
                ? _current
                : throw new InvalidOperationException($"Rows of order {orderNumber} must follow that order (ISeedSink).");

        private LabelSum LabelCosts(string day)
        {
            if (!_labelCosts.TryGetValue(day, out var sum))
            {
                sum = new LabelSum();
                _labelCosts.Add(day, sum);
            }

            return sum;
        }

        private struct SkuSum
        {
            public int Placed;
            public int Cancelled;
            public long Units;
        }

        private sealed class LabelSum
        {
            public long Pending;
            public long Kept;
        }
    }
}
