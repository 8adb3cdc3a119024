using OrdoroLite.Domain.Common;

namespace OrdoroLite.Domain.Orders;

public enum CancelReason
{
    CustomerRequest,
    OutOfStock,
    SuspectedFraud,
    DuplicateOrder,
    AddressProblem,
    ShippingDelay,
    Other,
}

public static class CancelReasons
{
    public static IReadOnlyList<CancelReason> All { get; } = Enum.GetValues<CancelReason>();

    public static string DisplayName(this CancelReason reason) => reason switch
    {
        CancelReason.CustomerRequest => "Customer request",
        CancelReason.OutOfStock => "Out of stock",
        CancelReason.SuspectedFraud => "Suspected fraud",
        CancelReason.DuplicateOrder => "Duplicate order",
        CancelReason.AddressProblem => "Address problem",
        CancelReason.ShippingDelay => "Shipping delay",
        CancelReason.Other => "Other",
        _ => reason.ToString(),
    };

    /// <summary>Reads a reason by its display name or its code; blank means "no reason given".</summary>
    public static CancelReason? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var reason in All)
        {
            if (string.Equals(reason.DisplayName(), text.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(reason.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return reason;
            }
        }

        throw new InvalidRequestException(
            $"\"{text}\" is not a cancellation reason. Choose one of: {string.Join(", ", All.Select(r => r.DisplayName()))}.");
    }

    /// <summary>Refuses a value outside the enum (for example a forged form post).</summary>
    public static CancelReason? Validate(CancelReason? reason)
    {
        if (reason is { } r && !Enum.IsDefined(r))
        {
            throw new InvalidRequestException("That is not a cancellation reason. Nothing was changed.");
        }

        return reason;
    }
}
