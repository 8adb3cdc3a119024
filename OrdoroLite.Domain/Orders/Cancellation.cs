namespace OrdoroLite.Domain.Orders;

/// <summary>
/// An order's latest cancellation (shared/spec/CANCELLATION.md, "Cancel": the staff member, the
/// UTC instant, the optional reason and comment), with what a restore needs: the status the order
/// had and whether its label was deleted. Kept on the order so the Cancelled tab needs no join;
/// the timeline keeps every cancellation. Null on an order that is not cancelled.
/// </summary>
/// <param name="At">When, in UTC.</param>
/// <param name="ById">The staff member's id (or a job's, "system:…").</param>
/// <param name="ByName">Their name at the time, so the tab keeps it if they leave.</param>
/// <param name="Reason">One of the spec's reasons, or null when none was given.</param>
/// <param name="Comment">At most <see cref="Common.Comment.MaxLength"/> characters, or null.</param>
/// <param name="StatusBefore">The status the order had; a restore goes back to it (spec "Restore").</param>
/// <param name="LabelDeleted">The cancel deleted the order's Active label and requested its refund.</param>
public sealed record Cancellation(
    DateTimeOffset At,
    string ById,
    string ByName,
    CancelReason? Reason,
    string? Comment,
    OrderStatus StatusBefore,
    bool LabelDeleted);
