using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Security;

/// <summary>Sign-in, roles, lockout, deactivation and antiforgery, over HTTP against the running app.</summary>
[Collection(AppServerCollection.Name)]
public sealed class SignInTests(AppServer app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/orders")]
    [InlineData("/staff")]
    [InlineData("/no-such-page")]
    public async Task Anonymous_request_is_redirected_to_the_sign_in_page(string path)
    {
        using var visitor = app.NewVisitor();

        var response = await visitor.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Found);
        response.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
        response.Headers.Location.Query.Should().Be("?ReturnUrl=" + Uri.EscapeDataString(path));
    }

    [Fact]
    public async Task Every_page_but_sign_in_access_denied_and_error_requires_sign_in()
    {
        var pages = Pages().ToList();
        using var visitor = app.NewVisitor();

        pages.Select(p => p.Path).Should().Contain(["/", "/staff"]);
        pages.Where(p => p.Anonymous).Select(p => p.Path).Should().BeEquivalentTo("/Account/Login", "/Account/AccessDenied", "/Error");
        foreach (var page in pages.Where(p => !p.Anonymous))
        {
            var response = await visitor.GetAsync(page.Path);
            response.StatusCode.Should().Be(HttpStatusCode.Found, page.Path);
            response.Headers.Location!.AbsolutePath.Should().Be("/Account/Login", page.Path);
        }
    }

    [Fact]
    public async Task Signing_in_with_the_demo_staff_account_reaches_home_with_their_name()
    {
        using var visitor = app.NewVisitor();

        var signIn = await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);
        var home = await visitor.GetAsync("/");

        signIn.StatusCode.Should().Be(HttpStatusCode.Found);
        signIn.Headers.Location!.OriginalString.Should().EndWith("/");
        visitor.HasSignInCookie.Should().BeTrue();
        home.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await home.Content.ReadAsStringAsync();
        html.Should().Contain(DemoStaff.Staff.DisplayName).And.Contain("Sign out").And.NotContain("href=\"/staff\"");
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_asked_for()
    {
        using var visitor = app.NewVisitor();

        var signIn = await visitor.SignInAsync(DemoStaff.Manager.Email, DemoStaff.Password, returnUrl: "/staff");

        signIn.Headers.Location!.AbsolutePath.Should().Be("/staff");
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task Sign_in_never_returns_to_another_site(string returnUrl)
    {
        using var visitor = app.NewVisitor();

        var signIn = await visitor.SignInAsync(DemoStaff.Manager.Email, DemoStaff.Password, returnUrl);

        signIn.StatusCode.Should().Be(HttpStatusCode.Found);
        signIn.Headers.Location!.Host.Should().BeOneOf("", app.BaseAddress.Host);
        signIn.Headers.Location.OriginalString.Should().NotContain("evil");
    }

    [Fact]
    public async Task Manager_reaches_staff_management_with_the_staff_list()
    {
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Manager.Email, DemoStaff.Password);

        var response = await visitor.GetAsync("/staff");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("<h1").And.Contain(DemoStaff.Staff.DisplayName).And.Contain(DemoStaff.Historical[0].DisplayName);
    }

    [Fact]
    public async Task Staff_gets_access_denied_on_every_manager_only_page_or_endpoint()
    {
        var managerOnly = Endpoints()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Manager))
            .Select(e => (Method: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET", Path: ConcretePath(e.RoutePattern.RawText!)))
            .ToList();
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);

        managerOnly.Should().Contain(("GET", "/staff"));
        foreach (var (method, path) in managerOnly)
        {
            var response = await visitor.SendAsync(method, path);
            response.StatusCode.Should().BeOneOf([HttpStatusCode.Found, HttpStatusCode.Forbidden], path);
            if (response.StatusCode == HttpStatusCode.Found)
            {
                response.Headers.Location!.AbsolutePath.Should().Be("/Account/AccessDenied", path);
            }
        }
    }

    [Fact]
    public async Task Staff_management_refuses_a_staff_caller_on_the_server()
    {
        var manageStaff = app.Services.GetRequiredService<ManageStaff>();
        var target = await app.FindAsync(DemoStaff.Manager.Email);

        var list = () => manageStaff.ListAsync(DemoStaff.Staff.AsActor());
        var deactivate = () => manageStaff.SetActiveAsync(DemoStaff.Staff.AsActor(), target.Id, active: false);

        await list.Should().ThrowAsync<UnauthorizedAccessException>();
        await deactivate.Should().ThrowAsync<UnauthorizedAccessException>();
        (await app.FindAsync(DemoStaff.Manager.Email)).IsActive.Should().BeTrue();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_password_fails_too()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        using var visitor = app.NewVisitor();

        var messages = new List<string?>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            messages.Add(AlertText(await (await visitor.SignInAsync(email, "Wrong-password-" + attempt)).Content.ReadAsStringAsync()));
        }

        var right = await visitor.SignInAsync(email, AppServer.TestPassword);

        messages.Should().AllBe(FailedMessage);
        right.StatusCode.Should().Be(HttpStatusCode.OK);
        AlertText(await right.Content.ReadAsStringAsync()).Should().Be(FailedMessage);
        visitor.HasSignInCookie.Should().BeFalse();
        (await app.FindAsync(email)).LockoutEnd.Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_get_the_same_message_stating_the_lockout_rule()
    {
        var lockedEmail = await app.AddPersonAsync(Roles.Staff);
        var otherEmail = await app.AddPersonAsync(Roles.Staff);
        var unknownEmail = $"nobody-{Guid.NewGuid():N}@test.local";
        using var visitor = app.NewVisitor();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await visitor.SignInAsync(lockedEmail, "Wrong-password-" + attempt);
            await visitor.SignInAsync(unknownEmail, "Wrong-password-" + attempt);
        }

        var locked = AlertText(await (await visitor.SignInAsync(lockedEmail, "Wrong-password-6")).Content.ReadAsStringAsync());
        var lockedRightPassword = AlertText(await (await visitor.SignInAsync(lockedEmail, AppServer.TestPassword)).Content.ReadAsStringAsync());
        var unknown = AlertText(await (await visitor.SignInAsync(unknownEmail, "Wrong-password-6")).Content.ReadAsStringAsync());
        var wrongPassword = AlertText(await (await visitor.SignInAsync(otherEmail, "Wrong-password-1")).Content.ReadAsStringAsync());

        (await app.FindAsync(lockedEmail)).LockoutEnd.Should().BeAfter(DateTimeOffset.UtcNow, "the account really is locked");
        new[] { locked, lockedRightPassword, unknown, wrongPassword }.Should().AllBe(FailedMessage);
        FailedMessage.Should().Be("Wrong email or password. After 5 wrong passwords in a row an account is locked for 15 minutes; " +
            "a manager can unlock it by resetting the password.");
        visitor.HasSignInCookie.Should().BeFalse();
    }

    private static string FailedMessage => Login.FailedMessage(new LockoutOptions { MaxFailedAccessAttempts = 5, DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15) });

    /// <summary>The text of the sign-in page's error alert, or null when it shows none.</summary>
    private static string? AlertText(string html) =>
        Regex.Match(html, """class="mud-alert-message[^"]*"[^>]*>(?<text>[^<]*)<""") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["text"].Value).Trim() : null;

    [Fact]
    public async Task Deactivated_person_cannot_sign_in_and_is_told_why()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        var person = await app.FindAsync(email);
        await app.Services.GetRequiredService<ManageStaff>().SetActiveAsync(DemoStaff.Manager.AsActor(), person.Id, active: false);
        using var visitor = app.NewVisitor();

        var response = await visitor.SignInAsync(email, AppServer.TestPassword);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("This account is deactivated. Ask a manager.");
        visitor.HasSignInCookie.Should().BeFalse();
    }

    [Fact]
    public async Task Deactivated_person_with_a_wrong_password_is_not_told_the_account_exists()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        var person = await app.FindAsync(email);
        await app.Services.GetRequiredService<ManageStaff>().SetActiveAsync(DemoStaff.Manager.AsActor(), person.Id, active: false);
        using var visitor = app.NewVisitor();

        var response = await visitor.SignInAsync(email, "Wrong-password-1");

        (await response.Content.ReadAsStringAsync()).Should().Contain("Wrong email or password.").And.NotContain("deactivated");
    }

    [Fact]
    public async Task Deactivating_a_signed_in_person_ends_their_session()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(email, AppServer.TestPassword);
        (await visitor.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        var person = await app.FindAsync(email);

        await app.Services.GetRequiredService<ManageStaff>().SetActiveAsync(DemoStaff.Manager.AsActor(), person.Id, active: false);
        var after = await visitor.GetAsync("/");

        after.StatusCode.Should().Be(HttpStatusCode.Found);
        after.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
    }

    [Fact]
    public async Task Changing_a_persons_role_ends_their_session_so_the_new_role_applies_at_next_sign_in()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(email, AppServer.TestPassword);
        var person = await app.FindAsync(email);

        await app.Services.GetRequiredService<ManageStaff>().ChangeRoleAsync(DemoStaff.Manager.AsActor(), person.Id, Roles.Manager);
        var after = await visitor.GetAsync("/staff");
        await visitor.SignInAsync(email, AppServer.TestPassword);
        var again = await visitor.GetAsync("/staff");

        after.StatusCode.Should().Be(HttpStatusCode.Found);
        after.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Open_pages_recheck_the_signed_in_person_with_the_staff_rules()
    {
        await using var scope = app.Services.CreateAsyncScope();

        var provider = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();

        provider.Should().BeOfType<StaffAuthenticationStateProvider>();
    }

    [Fact]
    public async Task Sign_in_form_carries_an_antiforgery_token_and_a_post_without_it_is_refused()
    {
        using var visitor = app.NewVisitor();
        var page = await (await visitor.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var fields = Visitor.HiddenFields(page);

        fields.Should().ContainKey("__RequestVerificationToken").WhoseValue.Should().NotBeNullOrEmpty();
        fields.Remove("__RequestVerificationToken");
        fields["Input.Email"] = DemoStaff.Staff.Email;
        fields["Input.Password"] = DemoStaff.Password;
        var response = await visitor.PostAsync("/Account/Login", fields);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        visitor.HasSignInCookie.Should().BeFalse();
    }

    [Fact]
    public async Task Sign_out_without_an_antiforgery_token_is_refused_and_with_one_signs_out()
    {
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);
        var home = await (await visitor.GetAsync("/")).Content.ReadAsStringAsync();

        var forged = await visitor.PostAsync("/Account/Logout", []);
        var stillIn = await visitor.GetAsync("/");
        var real = await visitor.PostAsync("/Account/Logout", Visitor.HiddenFields(home));
        var afterwards = await visitor.GetAsync("/");

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        stillIn.StatusCode.Should().Be(HttpStatusCode.OK);
        real.StatusCode.Should().Be(HttpStatusCode.Redirect);
        real.Headers.Location!.OriginalString.Should().StartWith("/Account/Login");
        afterwards.StatusCode.Should().Be(HttpStatusCode.Found);
        afterwards.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
    }

    [Fact]
    public async Task A_copy_of_the_cookie_stops_working_when_its_owner_signs_out()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(email, AppServer.TestPassword);
        var home = await (await visitor.GetAsync("/")).Content.ReadAsStringAsync();
        using var copy = app.NewVisitor();
        copy.AddCookie(visitor.SignInCookieSet!);
        var beforeSignOut = await copy.GetAsync("/");

        await visitor.PostAsync("/Account/Logout", Visitor.HiddenFields(home));
        var afterSignOut = await copy.GetAsync("/");

        beforeSignOut.StatusCode.Should().Be(HttpStatusCode.OK);
        afterSignOut.StatusCode.Should().Be(HttpStatusCode.Found);
        afterSignOut.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
    }

    [Fact]
    public async Task Adding_a_person_with_an_email_already_in_use_says_so_once_and_adds_nobody()
    {
        var email = await app.AddPersonAsync(Roles.Staff);
        var manage = app.Services.GetRequiredService<ManageStaff>();
        var before = (await manage.ListAsync(DemoStaff.Manager.AsActor())).Count;

        var add = () => manage.AddAsync(DemoStaff.Manager.AsActor(), new NewStaffMember("Second Person", email, Roles.Staff, AppServer.TestPassword));

        (await add.Should().ThrowAsync<DomainException>()).Which.Message.Should().Be($"Email '{email}' is already taken.");
        (await manage.ListAsync(DemoStaff.Manager.AsActor())).Should().HaveCount(before);
    }

    [Fact]
    public async Task Manager_cannot_deactivate_themselves()
    {
        var manageStaff = app.Services.GetRequiredService<ManageStaff>();

        var deactivate = () => manageStaff.SetActiveAsync(DemoStaff.Manager.AsActor(), DemoStaff.Manager.Id, active: false);

        await deactivate.Should().ThrowAsync<OrdoroLite.Domain.Common.DomainException>().WithMessage("You cannot deactivate yourself*");
        (await app.FindAsync(DemoStaff.Manager.Email)).IsActive.Should().BeTrue();
    }

    [Fact]
    public async Task Demo_data_creates_every_demo_person_with_their_fixed_id_and_only_staff_and_manager_active()
    {
        foreach (var person in DemoStaff.Everyone)
        {
            var account = await app.FindAsync(person.Email);

            account.Id.Should().Be(person.Id);
            account.DisplayName.Should().Be(person.DisplayName);
            account.IsActive.Should().Be(person == DemoStaff.Staff || person == DemoStaff.Manager, person.Email);
        }
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private IEnumerable<(string Path, bool Anonymous)> Pages() =>
        Endpoints()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") != false)
            .Select(e => (ConcretePath(e.RoutePattern.RawText!), e.Metadata.GetMetadata<IAllowAnonymous>() is not null))
            .Distinct();

    /// <summary>Route parameters get a dummy value: the authorization decision comes before the page runs.</summary>
    private static string ConcretePath(string pattern) =>
        "/" + string.Join("/", pattern.Trim('/').Split('/').Select(s => s.StartsWith('{') ? "1" : s));
}
