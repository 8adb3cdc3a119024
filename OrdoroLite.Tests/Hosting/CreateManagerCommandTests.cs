using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Hosting;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Hosting;

/// <summary>
/// A database started without demo data has no account; <c>create-manager</c> adds the first
/// manager, who can then sign in over HTTP, and refuses to add another while one exists.
/// </summary>
public sealed class CreateManagerCommandTests : IAsyncLifetime
{
    private const string Password = "First-manager-1";

    private readonly AppServer _app = new(new AppServerOptions(SeedDemoData: false));
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private Task<int?> CreateManagerAsync(string email, string password, params string[] more) =>
        AppCommands.RunAsync(
            ["create-manager", "--email", email, "--name", "Ada Lovelace", .. more, $"--Database:Path={_app.DatabasePath}"],
            new CommandConsole(new StringReader(password + "\n"), _out, _error, Interactive: false));

    private async Task<List<StaffMember>> PeopleAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return [.. scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>().Users];
    }

    [Fact]
    public async Task A_new_database_without_demo_data_gets_its_first_manager_who_can_sign_in_and_manage_staff()
    {
        (await PeopleAsync()).Should().BeEmpty("the database started without demo data");

        var exitCode = await CreateManagerAsync("ada@example.com", Password);
        using var visitor = _app.NewVisitor();
        var signIn = await visitor.SignInAsync("ada@example.com", Password);
        var staff = await visitor.GetAsync("/staff");

        exitCode.Should().Be(0, _error.ToString());
        _out.ToString().Should().Contain("added manager Ada Lovelace <ada@example.com>");
        signIn.StatusCode.Should().Be(HttpStatusCode.Found);
        visitor.HasSignInCookie.Should().BeTrue();
        staff.StatusCode.Should().Be(HttpStatusCode.OK);
        (await staff.Content.ReadAsStringAsync()).Should().Contain("Ada Lovelace");
    }

    [Fact]
    public async Task A_second_manager_is_refused_while_one_is_active_and_nothing_changes()
    {
        await CreateManagerAsync("ada@example.com", Password);

        var exitCode = await CreateManagerAsync("eve@example.com", Password);

        exitCode.Should().Be(1);
        _error.ToString().Should().Contain("An active manager already exists (ada@example.com)").And.Contain("Nothing was changed");
        (await PeopleAsync()).Select(p => p.Email).Should().Equal("ada@example.com");
    }

    [Fact]
    public async Task With_force_another_manager_is_added_for_when_every_manager_is_locked_out()
    {
        await CreateManagerAsync("ada@example.com", Password);

        var exitCode = await CreateManagerAsync("grace@example.com", Password, "--force");

        exitCode.Should().Be(0, _error.ToString());
        (await PeopleAsync()).Select(p => p.Email).Should().BeEquivalentTo("ada@example.com", "grace@example.com");
    }

    [Theory]
    [InlineData("ada@example.com", "short", "Passwords must be at least 10 characters.")]
    [InlineData("not-an-email", Password, "is invalid")]
    public async Task A_weak_password_or_a_bad_email_is_refused_and_nobody_is_added(string email, string password, string expected)
    {
        var exitCode = await CreateManagerAsync(email, password);

        exitCode.Should().Be(1);
        _error.ToString().Should().Contain(expected);
        (await PeopleAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--password", "Secret-password-1")]
    [InlineData("--role", "Staff")]
    public async Task A_password_or_unknown_option_on_the_command_line_is_refused_before_anything_is_written(string option, string value)
    {
        var exitCode = await CreateManagerAsync("ada@example.com", Password, option, value);

        exitCode.Should().Be(2);
        _error.ToString().Should().Contain(option).And.Contain("Usage: create-manager");
        (await PeopleAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_empty_standard_input_adds_nobody()
    {
        var exitCode = await CreateManagerAsync("ada@example.com", "");

        exitCode.Should().Be(2);
        _error.ToString().Should().Contain("No password was given");
        (await PeopleAsync()).Should().BeEmpty();
    }
}
