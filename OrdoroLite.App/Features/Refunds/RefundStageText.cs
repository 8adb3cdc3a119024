using OrdoroLite.App.Features.Shared;
using OrdoroLite.Domain.Labels;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.App.Features.Refunds;

/// <summary>A refund's stage on its carrier's clock in words, times in the viewer's zone (the rules compute them in UTC).</summary>
public static class RefundStageText
{
    /// <summary>"Held by USPS until 2026-11-16 15:30 · decision expected by 2026-11-30 15:30 · credit expected by 2026-12-04 15:30".</summary>
    public static string Describe(RefundStage stage, string carrier, LocalTime time)
    {
        var parts = new List<string>();
        switch (stage.Step)
        {
            case RefundStep.Requested:
                parts.Add($"Requested {time.Format(stage.RequestedAt)}; {carrier} voids it at once");
                break;
            case RefundStep.Held:
                parts.Add($"Held by {carrier} until {time.Format(stage.HeldUntil!.Value)}");
                break;
            case RefundStep.InReview:
                parts.Add(stage.Overdue ? $"In review, overdue: a decision was expected by {time.Format(stage.DecisionBy!.Value)}"
                    : $"In review, decision expected by {time.Format(stage.DecisionBy!.Value)}");
                break;
            case RefundStep.Approved:
                parts.Add(stage.DecidedAt is { } approved ? $"Approved {time.Format(approved)}" : "Approved");
                break;
            case RefundStep.Refused:
                parts.Add((stage.DecidedAt is { } refused ? $"Refused {time.Format(refused)}" : "Refused") + (stage.Why is { } why ? $": {why}" : ""));
                break;
        }

        if (stage.Step == RefundStep.Held && stage.DecisionBy is { } decision)
        {
            parts.Add($"decision expected by {time.Format(decision)}");
        }

        if (stage.Step is RefundStep.Held or RefundStep.InReview or RefundStep.Approved && stage.CreditBy is { } credit)
        {
            parts.Add($"credit expected by {time.Format(credit)}");
        }

        return string.Join(" · ", parts);
    }

    /// <summary>What deleting an Active label now brings, and until when (for the order page and the kept-labels list).</summary>
    public static string Outlook(RefundOutlook outlook, LocalTime time) => outlook.Kind switch
    {
        RefundOutlookKind.Refused => $"No refund if deleted now: {outlook.Reason}",
        RefundOutlookKind.NotBilled => $"{outlook.Carrier} bills only scanned labels: deleting it costs nothing" +
            (outlook.WindowClosesAt is { } notBilledUntil ? $" until {time.Format(notBilledUntil)}" : ""),
        _ => outlook.WindowClosesAt is { } closes
            ? $"Refundable if deleted before {time.Format(closes)}"
            : $"Refundable if deleted ({outlook.Carrier} sets no deadline while it is unscanned)",
    };
}
