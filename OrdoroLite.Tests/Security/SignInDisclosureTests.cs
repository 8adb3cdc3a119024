using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Data;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Security;

/// <summary>
/// A failed sign-in costs the same password-hash work whether the email is unknown, the account
/// locked, or the password wrong, so its timing does not tell which accounts exist.
/// </summary>
public sealed class SignInDisclosureTests : IAsyncLifetime
{
    private const string Password = "Analytical-engine-1";
    private const string KnownEmail = "ada@test.local";

    private readonly CountingHasher _hasher = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.OnDisk();
        _services = new ServiceCollection().AddLogging()
            .AddOrdoroDomain(_database.ConnectionString).AddStaffSignIn()
            .AddHttpContextAccessor()
            .AddSingleton<IPasswordHasher<StaffMember>>(_hasher)
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        (await users.CreateAsync(new StaffMember { UserName = KnownEmail, Email = KnownEmail, DisplayName = "Ada" }, Password)).Succeeded.Should().BeTrue();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>One sign-in as the sign-in page makes it (lockout on), with the hash checks it made.</summary>
    private async Task<(SignInResult Result, int HashChecks)> SignInAsync(string email, string password)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<StaffMember>>();
        var before = _hasher.Verifications;
        var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
        return (result, _hasher.Verifications - before);
    }

    [Fact]
    public async Task Every_failed_sign_in_checks_one_password_hash_whether_the_email_is_unknown_the_password_wrong_or_the_account_locked()
    {
        var unknown = await SignInAsync("nobody@test.local", "Wrong-password-1");
        var wrong = await SignInAsync(KnownEmail, "Wrong-password-1");
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await SignInAsync(KnownEmail, "Wrong-password-" + attempt);
        }

        var locked = await SignInAsync(KnownEmail, "Wrong-password-6");
        var lockedRightPassword = await SignInAsync(KnownEmail, Password);

        unknown.Should().Be((SignInResult.Failed, 1));
        wrong.Should().Be((SignInResult.Failed, 1));
        locked.Should().Be((SignInResult.LockedOut, 1));
        lockedRightPassword.Should().Be((SignInResult.LockedOut, 1));
    }

    [Fact]
    public async Task Signing_in_with_an_unknown_email_takes_about_as_long_as_with_a_wrong_password()
    {
        // Medians of interleaved tries, so the machine's other work weighs on both alike; without the
        // placeholder check an unknown email is 20-50 times faster, with it within a few percent.
        var unknown = new List<double>();
        var known = new List<double>();
        await SignInAsync("warm-up@test.local", "Wrong-password-0");
        for (var i = 0; i < 9; i++)
        {
            unknown.Add(await TimeAsync(() => SignInAsync($"nobody-{i}@test.local", "Wrong-password-1")));
            known.Add(await TimeAsync(() => SignInAsync(KnownEmail, "Wrong-password-1")));
        }

        Median(unknown).Should().BeGreaterThan(Median(known) / 3, "an unknown email must cost the same hash work as a known one");
    }

    private static async Task<double> TimeAsync(Func<Task> signIn)
    {
        var clock = Stopwatch.StartNew();
        await signIn();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class CountingHasher : IPasswordHasher<StaffMember>
    {
        private readonly PasswordHasher<StaffMember> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(StaffMember user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffMember user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
