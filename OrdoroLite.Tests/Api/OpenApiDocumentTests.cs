using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Api;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Api.Support;

namespace OrdoroLite.Tests.Api;

/// <summary>The OpenAPI document at /openapi/v1.json, checked against the endpoints the app really maps, and its reference page.</summary>
[Collection(ApiServerCollection.Name)]
public sealed partial class OpenApiDocumentTests(ApiServer server)
{
    [Fact]
    public async Task Every_mapped_api_route_appears_in_the_document_with_its_methods_and_nothing_else_does()
    {
        var mapped = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiEndpointMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Where(m => m != "HEAD")
                .Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet();

        var document = await DocumentAsync();

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        mapped.Should().HaveCountGreaterThanOrEqualTo(12).And.Contain("POST /api/v1/orders/{number}/cancel").And.Contain("GET /api/v1/orders");
        documented.Should().BeEquivalentTo(mapped);
    }

    [Fact]
    public async Task Every_operation_names_its_scope_and_every_write_asks_for_an_idempotency_key()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()).Should().Be(("http", "bearer"));
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name} {path.Name}";
                operation.Value.GetProperty("security")[0].GetProperty("ApiKey").GetArrayLength().Should().Be(1, where);
                var headers = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).ToList()
                    : [];
                if (operation.Name == "post")
                {
                    headers.Should().Contain("Idempotency-Key", where);
                    operation.Value.GetProperty("requestBody").GetProperty("content").EnumerateObject().Should().NotBeEmpty(where);
                }

                operation.Value.GetProperty("responses").TryGetProperty("401", out _).Should().BeTrue(where);
            }
        }
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/")]
    public async Task The_document_and_the_reference_page_need_a_signed_in_staff_member(string path)
    {
        using var anonymous = server.App.NewVisitor();
        using var staff = server.App.NewVisitor();
        await staff.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);

        var refused = await anonymous.GetAsync(path);
        var shown = await staff.GetAsync(path);

        refused.StatusCode.Should().Be(HttpStatusCode.Found);
        refused.Headers.Location!.AbsolutePath.Should().Be("/Account/Login");
        shown.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_reference_pages_scripts_carry_the_nonce_of_its_content_security_policy()
    {
        using var staff = server.App.NewVisitor();
        await staff.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);

        var page = await staff.GetAsync("/scalar/");

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(policy).Groups[1].Value;
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        nonce.Should().NotBeEmpty();
        ScriptTag().Matches(html).Select(m => m.Value).Should().NotBeEmpty().And.OnlyContain(tag => tag.Contains($"nonce=\"{nonce}\""));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var staff = server.App.NewVisitor();
        await staff.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);
        var response = await staff.GetAsync("/openapi/v1.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
