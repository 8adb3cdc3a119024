using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Account;

/// <summary>
/// An interactive circuit outlives the request that opened it; this re-checks the person every
/// <see cref="StaffSignIn.RevalidationInterval"/> (deactivated, password reset, or signed out
/// elsewhere ends the circuit's sign-in).
/// </summary>
internal sealed class StaffAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => StaffSignIn.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        // A fresh scope: the circuit's own scope would keep one DbContext alive for hours.
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<StaffMember>>();
        return await signIn.ValidateSecurityStampAsync(state.User) is not null;
    }
}
