using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.App.Features.Account;

/// <summary>ASP.NET Core Identity over the app's SQLite database, cookie sign-in, and the role policies.</summary>
public static class StaffSignIn
{
    public const string LoginPath = "/Account/Login";
    public const string LogoutPath = "/Account/Logout";
    public const string AccessDeniedPath = "/Account/AccessDenied";

    /// <summary>How soon a deactivation or password reset ends sessions already signed in.</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddStaffSignIn(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StaffAuthenticationStateProvider>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "OrdoroLite.SignIn";
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over HTTPS (behind a proxy: docs/security.md)
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = LogoutPath;
            cookie.AccessDeniedPath = AccessDeniedPath;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
            cookie.SlidingExpiration = true;

            // Signing in on the sign-in page makes the cookie handler redirect to the ReturnUrl of the
            // query as given; "/café" raw in a Location header is a 500. One rule for every return address.
            cookie.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(LocalUrl.OrHome(context.RedirectUri));
                return Task.CompletedTask;
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = RevalidationInterval);

        // AddOrdoroDomain also registers a scoped OrdoroDbContext (leased from the pool), which the Identity stores use.
        services.AddIdentityCore<StaffMember>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OrdoroDbContext>()
            .AddSignInManager<StaffSignInManager>()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>();

        // Every page and endpoint without its own [Authorize]/[AllowAnonymous] needs a signed-in Staff or Manager.
        var staff = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Policies.StaffRoles).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(staff)
            .AddPolicy(Policies.Staff, staff)
            .AddPolicy(Policies.Manager, p => p.RequireAuthenticatedUser().RequireRole(Roles.Manager));

        services.AddTransient<ManageStaff>();
        return services;
    }

    /// <summary>
    /// Sign-out is a POST with an antiforgery token, so another site cannot sign people out. It renews
    /// the person's security stamp, so a copy of the cookie (left on a shared computer, or stolen)
    /// stops working at its next check, within <see cref="RevalidationInterval"/>: signing out ends
    /// the person's sessions on every device (docs/security.md).
    /// </summary>
    public static IEndpointRouteBuilder MapStaffSignIn(this IEndpointRouteBuilder endpoints)
    {
        // Binding a form field is what makes minimal APIs reject a POST without a valid token.
        endpoints.MapPost(LogoutPath, async ([FromForm] string? returnUrl, HttpContext http, SignInManager<StaffMember> signIn) =>
        {
            if (await signIn.UserManager.GetUserAsync(http.User) is { } person)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(person);
            }

            await signIn.SignOutAsync();
            var next = LocalUrl.OrHome(returnUrl);
            return TypedResults.LocalRedirect(next == "/" ? LoginPath : $"{LoginPath}?ReturnUrl={Uri.EscapeDataString(next)}");
        });
        return endpoints;
    }
}
