using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Account;

/// <summary>
/// Identity's sign-in manager plus one rule: a deactivated person can neither sign in nor keep
/// using a cookie issued before they were deactivated.
/// </summary>
public sealed class StaffSignInManager(
    UserManager<StaffMember> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StaffMember> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StaffMember>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffMember> confirmation)
    : SignInManager<StaffMember>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> CheckPasswordSignInAsync(StaffMember user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);

        // Checked after the password, so only someone who knows it learns the account is deactivated.
        return result.Succeeded && !user.IsActive ? SignInResult.NotAllowed : result;
    }

    /// <summary>Used by the cookie's periodic check and by the circuit's revalidation.</summary>
    public override async Task<bool> ValidateSecurityStampAsync(StaffMember? user, string? securityStamp) =>
        user is { IsActive: true } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
