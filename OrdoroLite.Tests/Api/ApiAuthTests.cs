using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Api;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;
using OrdoroLite.Tests.Api.Support;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>Keys, scopes and the wall between the API and the app: a key never opens a page, a cookie never opens the API.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ApiAuthTests(ApiServer server)
{
    private ManageApiKeys Keys => server.Services.GetRequiredService<ManageApiKeys>();

    [Fact]
    public async Task Without_a_key_the_api_answers_401_with_a_problem_and_a_bearer_challenge()
    {
        using var api = new ApiClient(server.App.BaseAddress, key: null);

        var response = await api.GetAsync("/api/v1/orders");

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.ContentType.Should().Be("application/problem+json");
        response.Message.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        response.Detail.Should().Be(ManageApiKeys.MissingKey);
    }

    [Theory]
    [InlineData("olk_not-a-key-at-all")]
    [InlineData("sk_live_12345")]
    public async Task A_key_that_was_never_issued_is_refused(string key)
    {
        using var api = new ApiClient(server.App.BaseAddress, key);

        var response = await api.GetAsync("/api/v1/orders");

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Detail.Should().Be(ManageApiKeys.UnknownKey);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_its_next_request_and_nothing_it_sends_is_written()
    {
        var key = await server.CreateKeyAsync("Old sync", ApiScopes.Cancel);
        using var api = new ApiClient(server.App.BaseAddress, key.Token);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);

        await Keys.RevokeAsync(DemoStaff.Manager.AsActor(), key.Key.Id);
        var response = await api.PostAsync($"/api/v1/orders/{order.Number}/cancel", new { });

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Detail.Should().StartWith("The API key \"Old sync\" was revoked on ").And.EndWith("Ask a manager for a new key.");
        await using var db = await server.Contexts.CreateDbContextAsync();
        (await db.Orders.SingleAsync(o => o.Number == order.Number)).Status.Should().Be(Domain.Orders.OrderStatus.AwaitingFulfillment);
        (await Keys.ListAsync(DemoStaff.Manager.AsActor())).Single(k => k.Id == key.Key.Id).RevokedByName.Should().Be("Morgan Manager");
    }

    [Fact]
    public async Task A_key_stops_working_when_its_manager_is_deactivated_or_no_longer_a_manager()
    {
        var staff = server.Services.GetRequiredService<ManageStaff>();
        var first = await server.App.FindAsync(await server.App.AddPersonAsync(Roles.Manager));
        var second = await server.App.FindAsync(await server.App.AddPersonAsync(Roles.Manager));
        var firstKey = await Keys.CreateAsync(new(first.Id, first.DisplayName), "Deactivated's key", [ApiScopes.Read]);
        var secondKey = await Keys.CreateAsync(new(second.Id, second.DisplayName), "Demoted's key", [ApiScopes.Read]);
        using var firstApi = new ApiClient(server.App.BaseAddress, firstKey.Token);
        using var secondApi = new ApiClient(server.App.BaseAddress, secondKey.Token);
        (await firstApi.GetAsync("/api/v1/orders?limit=1")).Status.Should().Be(HttpStatusCode.OK);

        await staff.SetActiveAsync(DemoStaff.Manager.AsActor(), first.Id, active: false);
        await staff.ChangeRoleAsync(DemoStaff.Manager.AsActor(), second.Id, Roles.Staff);
        var deactivated = await firstApi.GetAsync("/api/v1/orders?limit=1");
        var demoted = await secondApi.GetAsync("/api/v1/orders?limit=1");

        deactivated.Status.Should().Be(HttpStatusCode.Unauthorized);
        deactivated.Detail.Should().Be($"The API key \"Deactivated's key\" belongs to {first.DisplayName}, who is no longer an active manager, so it no longer works. Ask a manager for a new key.");
        demoted.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_may_do_only_what_its_scopes_allow()
    {
        using var readOnly = await server.ClientAsync(ApiScopes.Read);
        using var cancelOnly = await server.ClientAsync(ApiScopes.Cancel);

        var cancel = await readOnly.PostAsync("/api/v1/orders/cancel", new { orderNumbers = new[] { 1 } });
        var import = await readOnly.PostRawAsync("/api/v1/orders/import", "a,b\n", "text/csv");
        var read = await cancelOnly.GetAsync("/api/v1/orders");

        cancel.Status.Should().Be(HttpStatusCode.Forbidden);
        cancel.Detail.Should().Be("This API key may not cancel, restore and comment on orders: it lacks the scope \"orders:cancel\". A manager can create a key with that scope at API keys (/settings/api-keys).");
        import.Status.Should().Be(HttpStatusCode.Forbidden);
        read.Status.Should().Be(HttpStatusCode.Forbidden);
        read.Detail.Should().Contain("\"orders:read\"");
    }

    [Fact]
    public async Task A_signed_in_managers_cookie_opens_nothing_in_the_api()
    {
        using var visitor = server.App.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Manager.Email, DemoStaff.Password);
        var order = await server.App.ClaimOneAsync(OrderFinder.AwaitingWithOneLine);

        var read = await visitor.GetAsync("/api/v1/orders");
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{order.Number}/cancel")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var write = await visitor.SendAsync(post);

        visitor.HasSignInCookie.Should().BeTrue();
        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        write.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var db = await server.Contexts.CreateDbContextAsync();
        (await db.Orders.SingleAsync(o => o.Number == order.Number)).Status.Should().Be(Domain.Orders.OrderStatus.AwaitingFulfillment);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/orders")]
    [InlineData("/settings/api-keys")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar")]
    public async Task An_api_key_opens_none_of_the_apps_pages(string path)
    {
        var key = await server.CreateKeyAsync("Curious program");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.App.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key.Token);

        var response = await http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Found);
        response.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
    }

    [Fact]
    public async Task An_api_key_cannot_open_a_blazor_circuit()
    {
        var key = await server.CreateKeyAsync("Curious program");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.App.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", key.Token);

        var response = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        response.StatusCode.Should().NotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Each_request_notes_the_keys_last_use_which_the_keys_page_lists()
    {
        var key = await server.CreateKeyAsync("Noted");
        using var api = new ApiClient(server.App.BaseAddress, key.Token);

        await api.GetAsync("/api/v1/orders?limit=1");

        (await Keys.ListAsync(DemoStaff.Manager.AsActor())).Single(k => k.Id == key.Key.Id).LastUsedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Only_an_active_manager_creates_lists_and_revokes_keys()
    {
        var key = await server.CreateKeyAsync("Managers only");

        var create = () => Keys.CreateAsync(DemoStaff.Staff.AsActor(), "Mine", [ApiScopes.Read]);
        var list = () => Keys.ListAsync(DemoStaff.Staff.AsActor());
        var revoke = () => Keys.RevokeAsync(DemoStaff.Historical[2].AsActor(), key.Key.Id); // Lena Okafor: a manager, deactivated

        await create.Should().ThrowAsync<UnauthorizedAccessException>().WithMessage(ManageApiKeys.NotAManager);
        await list.Should().ThrowAsync<UnauthorizedAccessException>();
        await revoke.Should().ThrowAsync<UnauthorizedAccessException>();
    }

    [Fact]
    public async Task A_key_is_stored_only_as_its_hash_and_named_and_scoped_as_asked()
    {
        var key = await server.CreateKeyAsync("Hashed", ApiScopes.Import, ApiScopes.Read);

        await using var db = await server.Contexts.CreateDbContextAsync();
        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Key.Id);
        key.Token.Should().StartWith("olk_").And.HaveLength(47);
        row.SecretHash.Should().Be(ApiKey.HashOf(key.Token)).And.NotContain(key.Token[4..]);
        row.Hint.Should().Be(key.Token[..10]);
        row.ScopeList.Should().Equal(ApiScopes.Read, ApiScopes.Import);
    }

    [Theory]
    [InlineData("", "Name the key after what uses it, for example \"Shopify sync\".")]
    [InlineData("A name that is much longer than forty chars", "A key's name is one line of at most 40 characters.")]
    public async Task A_key_needs_a_short_one_line_name(string name, string sentence)
    {
        var create = () => Keys.CreateAsync(DemoStaff.Manager.AsActor(), name, [ApiScopes.Read]);

        await create.Should().ThrowAsync<Domain.Common.InvalidRequestException>().WithMessage(sentence);
    }

    [Fact]
    public async Task A_key_needs_a_known_scope()
    {
        var none = () => Keys.CreateAsync(DemoStaff.Manager.AsActor(), "x", []);
        var unknown = () => Keys.CreateAsync(DemoStaff.Manager.AsActor(), "x", ["orders:delete"]);

        await none.Should().ThrowAsync<Domain.Common.InvalidRequestException>().WithMessage("Choose at least one scope: what the key may do.");
        await unknown.Should().ThrowAsync<Domain.Common.InvalidRequestException>()
            .WithMessage("\"orders:delete\" is not a scope. Scopes: orders:read, orders:cancel, labels:write, orders:import.");
    }

    [Fact]
    public void The_timeline_name_of_a_key_fits_its_column_however_long_the_managers_name()
    {
        var actor = ApiKey.ActorFor(7, new string('k', ApiKey.NameMaxLength), new string('m', 100));

        actor.Id.Should().Be("apikey:7");
        actor.Name.Should().HaveLength(100).And.StartWith(new string('k', 40) + " (key of mmm").And.EndWith("…)");
    }
}
