using System.Globalization;
using CsvHelper;

namespace OrdoroLite.Domain.Orders.Actions;

/// <summary>
/// A bulk action's per-order outcome as a CSV file (RFC 4180, invariant culture): one row per order —
/// done, skipped (with the rule's reason), not found, or not run because the action was stopped or
/// failed before that order's batch.
/// </summary>
public static class BulkOutcomeCsv
{
    public static readonly string[] Header = ["Order", "Outcome", "Message", "Stock warnings"];

    // Messages and warnings carry SKUs and names typed by people: a leading "=" must not become a
    // spreadsheet formula (as in the report's exports, docs/reports.md).
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    /// <summary>Writes the header and one row per outcome, then one "not run" row per order never reached.</summary>
    /// <param name="notRun">Orders never reached, with why (e.g. "stopped before its batch").</param>
    public static void Write(TextWriter into, IEnumerable<OrderOutcome> outcomes, IEnumerable<int> notRun, string notRunReason)
    {
        using var csv = CsvWriter.Create(into, Options, leaveOpen: true);
        csv.WriteHeader(Header);
        foreach (var outcome in outcomes)
        {
            csv.WriteRecord(
            [
                outcome.OrderNumber.ToString(CultureInfo.InvariantCulture),
                Kind(outcome.Kind),
                // A restored order its channel still shows cancelled: said after what was done.
                outcome.ChannelWarning is null ? outcome.Message : $"{outcome.Message}. {outcome.ChannelWarning}",
                string.Join("; ", outcome.Warnings),
            ]);
        }

        foreach (var number in notRun)
        {
            csv.WriteRecord([number.ToString(CultureInfo.InvariantCulture), "not run", notRunReason, ""]);
        }

        csv.Flush();
    }

    private static string Kind(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Done => "done",
        OutcomeKind.Skipped => "skipped",
        _ => "not found",
    };
}
