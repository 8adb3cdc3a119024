using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.Domain.Seeding;

/// <summary>
/// The people of the demo data. The App creates their Identity accounts with these ids; the
/// demo orders' historical events name them. Only the first two can be signed in with the
/// demo password (listed in the README, with a warning to change it).
/// </summary>
public static class DemoStaff
{
    public const string Password = "OrdoroLite!1";

    public static readonly DemoPerson Staff = new("demo-staff", "Sam Staff", "staff@ordorolite.local", Roles.Staff);
    public static readonly DemoPerson Manager = new("demo-manager", "Morgan Manager", "manager@ordorolite.local", Roles.Manager);

    /// <summary>Historical staff who own the demo data's past events.</summary>
    public static readonly IReadOnlyList<DemoPerson> Historical =
    [
        new("demo-priya", "Priya Patel", "priya@ordorolite.local", Roles.Staff),
        new("demo-jonas", "Jonas Berg", "jonas@ordorolite.local", Roles.Staff),
        new("demo-lena", "Lena Okafor", "lena@ordorolite.local", Roles.Manager),
    ];

    public static IReadOnlyList<DemoPerson> Everyone { get; } = [Staff, Manager, .. Historical];
}

public sealed record DemoPerson(string Id, string DisplayName, string Email, string Role)
{
    public Actor AsActor() => new(Id, DisplayName);
}
