using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using OrdoroLite.Domain.Common;

namespace OrdoroLite.App.Features.Account;

/// <summary>
/// The signed-in person as the domain sees them, read on the server from the authenticated
/// principal of this circuit, never from anything the browser sends.
/// </summary>
public sealed class CurrentStaff(AuthenticationStateProvider authentication)
{
    /// <summary>Claim type holding the person's display name (added at sign-in).</summary>
    public const string DisplayNameClaim = "ordorolite:display_name";

    public async Task<Actor> GetActorAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
        {
            throw new UnauthorizedAccessException("Sign in to do that.");
        }

        var name = user.FindFirstValue(DisplayNameClaim) ?? user.Identity.Name ?? id;
        return new Actor(id, name);
    }
}
