using Microsoft.AspNetCore.Identity;

namespace OrdoroLite.Domain.Staff;

/// <summary>A person who signs in. Never deleted: the timeline refers to them.</summary>
public sealed class StaffMember : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";

    /// <summary>A deactivated person cannot sign in; their past events keep their name.</summary>
    public bool IsActive { get; set; } = true;
}

public static class Roles
{
    public const string Staff = "Staff";
    public const string Manager = "Manager";

    public static IReadOnlyList<string> All { get; } = [Staff, Manager];
}
