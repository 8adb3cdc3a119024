using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Account;

/// <summary>Adds the display name to the principal, so the timeline and the user menu never look it up.</summary>
public sealed class StaffClaimsPrincipalFactory(
    UserManager<StaffMember> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffMember, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffMember user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName;
        identity.AddClaim(new Claim(CurrentStaff.DisplayNameClaim, name));
        return identity;
    }
}
