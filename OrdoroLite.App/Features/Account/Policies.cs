using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Account;

/// <summary>Authorization policy names, used by [Authorize(Policy = …)] and AuthorizeView.</summary>
public static class Policies
{
    /// <summary>Working orders: cancel, restore, labels, comments. Staff and managers.</summary>
    public const string Staff = "Staff";

    /// <summary>Reports and staff management. Managers only.</summary>
    public const string Manager = "Manager";

    internal static readonly string[] StaffRoles = [Roles.Staff, Roles.Manager];
}
