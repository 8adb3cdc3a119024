using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.Domain.Staff;

/// <summary>
/// Staff management for managers: list, add, change role, reset a password, deactivate and
/// reactivate. Nobody is ever deleted (the timeline names them). Every call re-checks in the
/// database that the caller is an active manager, whatever the page showed.
/// </summary>
public sealed class ManageStaff(IServiceScopeFactory scopes, IDbContextFactory<OrdoroDbContext> contexts)
{
    public async Task<IReadOnlyList<StaffRow>> ListAsync(Actor caller, CancellationToken ct = default)
    {
        await using var scope = await AsManagerAsync(caller);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Users
            .OrderBy(u => u.DisplayName)
            .Select(u => new StaffRow(
                u.Id,
                u.DisplayName,
                u.Email ?? "",
                db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name)
                    .OrderByDescending(n => n == Roles.Manager)
                    .FirstOrDefault() ?? "",
                u.IsActive,
                u.LockoutEnd))
            .ToListAsync(ct);
        return rows;
    }

    public async Task<string> AddAsync(Actor caller, NewStaffMember person)
    {
        await using var scope = await AsManagerAsync(caller);
        var name = RequireName(person.DisplayName);
        var email = person.Email.Trim();
        RequireRole(person.Role);
        var users = scope.Users;
        var user = new StaffMember { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        Check(await users.CreateAsync(user, person.InitialPassword));
        await EnsureRoleAsync(scope, person.Role);
        Check(await users.AddToRoleAsync(user, person.Role));
        return user.Id;
    }

    /// <summary>
    /// Adds a manager with no caller to check, for the <c>create-manager</c> command only: whoever can
    /// run it can already write the database file, so it grants nothing new. Refused while an active
    /// manager exists unless <paramref name="force"/> (the way back when every manager is locked out or
    /// gone). The check and the writes share one write transaction, so two runs cannot both pass it.
    /// </summary>
    /// <returns>The new person's id.</returns>
    /// <exception cref="DomainException">An active manager exists (without force), the email is taken,
    /// or the name, email or password breaks the rules; nothing was written.</exception>
    public async Task<string> AddManagerWithoutCallerAsync(string displayName, string email, string password, bool force, CancellationToken ct = default)
    {
        var name = RequireName(displayName);
        email = email.Trim();
        await using var scope = new IdentityScope(scopes.CreateAsyncScope());
        var db = scope.Services.GetRequiredService<OrdoroDbContext>();
        // Serializable: the write lock before the check (BEGIN IMMEDIATE on SQLite). Plain EF on purpose: a
        // command run once per database needs no more of the data layer's write path.
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var users = scope.Users;
        var managers = (await users.GetUsersInRoleAsync(Roles.Manager)).Where(u => u.IsActive).ToList();
        if (managers.Count > 0 && !force)
        {
            throw new DomainException(
                $"An active manager already exists ({string.Join(", ", managers.Select(m => m.Email).Order())}). Sign in as a manager " +
                "and add people at Staff. Nothing was changed. (--force adds another manager anyway, for when every manager is locked out.)");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new DomainException($"An account with the email {email} already exists. Nothing was changed; choose another email.");
        }

        await EnsureRoleAsync(scope, Roles.Staff);
        await EnsureRoleAsync(scope, Roles.Manager);
        var user = new StaffMember { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, Roles.Manager));
        await tx.CommitAsync(ct);
        return user.Id;
    }

    /// <summary>Signs the person out everywhere (new security stamp), so the new role applies from their next sign-in.</summary>
    public async Task ChangeRoleAsync(Actor caller, string staffId, string role)
    {
        await using var scope = await AsManagerAsync(caller);
        RequireRole(role);
        if (staffId == caller.Id)
        {
            throw new DomainException("You cannot change your own role. Ask another manager.");
        }

        var user = await FindAsync(scope, staffId);
        var current = await scope.Users.GetRolesAsync(user);
        if (current.SequenceEqual([role]))
        {
            return;
        }

        Check(await scope.Users.RemoveFromRolesAsync(user, current));
        await EnsureRoleAsync(scope, role);
        Check(await scope.Users.AddToRoleAsync(user, role));
        Check(await scope.Users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Also lifts a lockout, and signs the person out everywhere (new security stamp).</summary>
    public async Task ResetPasswordAsync(Actor caller, string staffId, string newPassword)
    {
        await using var scope = await AsManagerAsync(caller);
        var user = await FindAsync(scope, staffId);
        var users = scope.Users;

        // Validate before removing the old password, so a refused password leaves the account as it was.
        foreach (var validator in users.PasswordValidators)
        {
            Check(await validator.ValidateAsync(users, user, newPassword));
        }

        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, newPassword));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>Deactivating signs the person out everywhere within the revalidation interval.</summary>
    public async Task SetActiveAsync(Actor caller, string staffId, bool active)
    {
        await using var scope = await AsManagerAsync(caller);
        if (!active && staffId == caller.Id)
        {
            throw new DomainException("You cannot deactivate yourself. Ask another manager.");
        }

        var user = await FindAsync(scope, staffId);
        if (user.IsActive == active)
        {
            return;
        }

        // One save: a new security stamp ends the person's open sessions along with the flag.
        user.IsActive = active;
        Check(await scope.Users.UpdateSecurityStampAsync(user));
    }

    private async Task<IdentityScope> AsManagerAsync(Actor caller)
    {
        var scope = new IdentityScope(scopes.CreateAsyncScope());
        var me = await scope.Users.FindByIdAsync(caller.Id);
        if (me is not { IsActive: true } || !await scope.Users.IsInRoleAsync(me, Roles.Manager))
        {
            await scope.DisposeAsync();
            throw new UnauthorizedAccessException("Only a manager can manage staff.");
        }

        return scope;
    }

    private static async Task<StaffMember> FindAsync(IdentityScope scope, string staffId) =>
        await scope.Users.FindByIdAsync(staffId) ?? throw new DomainException("That staff member does not exist.");

    private static async Task EnsureRoleAsync(IdentityScope scope, string role)
    {
        var roles = scope.Services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            Check(await roles.CreateAsync(new IdentityRole(role)));
        }
    }

    private static string RequireName(string displayName)
    {
        var name = displayName.Trim();
        if (name.Length == 0 || name.Length > StaffMember.DisplayNameMaxLength)
        {
            throw new InvalidRequestException($"A name is required, at most {StaffMember.DisplayNameMaxLength} characters.");
        }

        return name;
    }

    private static void RequireRole(string role)
    {
        if (!Roles.All.Contains(role))
        {
            throw new InvalidRequestException($"Unknown role \"{role}\".");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            // A person's user name is their email: Identity reports a taken one twice, as each.
            var errors = result.Errors.ToList();
            if (errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail)))
            {
                errors.RemoveAll(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName));
            }

            throw new DomainException(string.Join(" ", errors.Select(e => e.Description)));
        }
    }

    /// <summary>One DI scope per call: a fresh UserManager over a fresh, short-lived DbContext.</summary>
    private sealed class IdentityScope(AsyncServiceScope scope) : IAsyncDisposable
    {
        public IServiceProvider Services => scope.ServiceProvider;

        public UserManager<StaffMember> Users => Services.GetRequiredService<UserManager<StaffMember>>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}

public sealed record NewStaffMember(string DisplayName, string Email, string Role, string InitialPassword);

public sealed record StaffRow(string Id, string DisplayName, string Email, string Role, bool IsActive, DateTimeOffset? LockoutEnd);
