namespace OrdoroLite.Domain.Orders.Actions;

/// <summary>The bulk actions staff run on selected orders, each one use case.</summary>
public enum OrderAction
{
    /// <summary><see cref="CancelOrders"/>.</summary>
    Cancel,

    /// <summary><see cref="RestoreOrders"/>.</summary>
    Restore,

    /// <summary><see cref="Labels.CreateLabels"/>.</summary>
    CreateLabel,

    /// <summary><see cref="Labels.DeleteLabels"/>.</summary>
    DeleteLabel,
}
