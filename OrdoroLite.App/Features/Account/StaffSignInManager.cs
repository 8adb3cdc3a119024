using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Account;

/// <summary>
/// Identity's sign-in manager plus two rules: a deactivated person can neither sign in nor keep
/// using a cookie issued before they were deactivated; and a failed sign-in reveals nothing about
/// which accounts exist — every attempt costs one password-hash check, whether the email is
/// unknown, the account locked, or the password wrong (docs/security.md).
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
    // A hash of a random password made by the app's own hasher (same algorithm and iterations as a
    // real one), made once: checking a password against it costs what checking a real one costs.
    private static string? s_placeholderHash;

    /// <summary>An unknown email costs the same hash check as a known one.</summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is null)
        {
            SpendPasswordCheck(password);
        }

        return await base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>Identity's check, with the same hash work for a locked account, and deactivated people refused after the password.</summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(StaffMember user, string password, bool lockoutOnFailure)
    {
        // Identity refuses a locked (or otherwise not allowed) account before checking the password:
        // fast, so a locked account would stand out by its timing. Spend the same work first.
        if (!await CanSignInAsync(user) || await IsLockedOut(user))
        {
            SpendPasswordCheck(password);
        }

        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);

        // Checked after the password, so only someone who knows it learns the account is deactivated.
        return result.Succeeded && !user.IsActive ? SignInResult.NotAllowed : result;
    }

    /// <summary>Used by the cookie's periodic check and by the circuit's revalidation.</summary>
    public override async Task<bool> ValidateSecurityStampAsync(StaffMember? user, string? securityStamp) =>
        user is { IsActive: true } && await base.ValidateSecurityStampAsync(user, securityStamp);

    /// <summary>One password-hash check whose answer is thrown away.</summary>
    private void SpendPasswordCheck(string password)
    {
        var placeholder = new StaffMember();
        s_placeholderHash ??= UserManager.PasswordHasher.HashPassword(placeholder, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        UserManager.PasswordHasher.VerifyHashedPassword(placeholder, s_placeholderHash, password);
    }
}
