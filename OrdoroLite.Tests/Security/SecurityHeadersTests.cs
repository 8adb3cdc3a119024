using System.Net;
using OrdoroLite.App.Hosting;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Security;

/// <summary>Security headers on every response, over real HTTP (the shared app, Development).</summary>
[Collection(AppServerCollection.Name)]
public sealed class SecurityHeadersTests(AppServer app)
{
    [Theory]
    [InlineData("GET", "/Account/Login", HttpStatusCode.OK)]
    [InlineData("GET", "/", HttpStatusCode.Found)]
    [InlineData("GET", "/no-such-page", HttpStatusCode.Found)]
    [InlineData("GET", "/_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("POST", "/Account/Logout", HttpStatusCode.Found)]
    public async Task Every_response_carries_nosniff_referrer_policy_frame_denial_and_the_content_security_policy(string method, string path, HttpStatusCode status)
    {
        using var visitor = app.NewVisitor();

        var response = await visitor.SendAsync(method, path);

        response.StatusCode.Should().Be(status);
        ShouldCarryTheSecurityHeaders(response);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse("HSTS is only sent over HTTPS, and never in Development");
    }

    [Fact]
    public async Task A_signed_in_page_carries_the_security_headers_too()
    {
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);

        var response = await visitor.GetAsync("/orders");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ShouldCarryTheSecurityHeaders(response);
        var html = await response.Content.ReadAsStringAsync();
        var nonce = System.Text.RegularExpressions.Regex.Match(Header(response, "Content-Security-Policy"), "'nonce-(?<n>[^']+)'").Groups["n"].Value;
        WebUtility.HtmlDecode(html).Should().Contain($"type=\"importmap\" nonce=\"{nonce}\"", "the one inline script carries this response's nonce");
    }

    internal static void ShouldCarryTheSecurityHeaders(HttpResponseMessage response)
    {
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        Header(response, "Referrer-Policy").Should().Be("same-origin");
        Header(response, "X-Frame-Options").Should().Be("DENY");
        var csp = Header(response, "Content-Security-Policy");
        csp.Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'")
            .And.Contain("connect-src 'self'").And.Contain("form-action 'self'").And.Contain("base-uri 'self'").And.MatchRegex("script-src 'self' 'nonce-[^']+'");
        csp.Should().NotContain("unsafe-eval");
        csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)).Should().NotContain("unsafe-inline");
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new InvalidOperationException($"No {name} header on {response.RequestMessage?.RequestUri}.");
}

/// <summary>The app outside Development over real HTTPS (a self-signed certificate): HSTS, and Secure cookies.</summary>
public sealed class HttpsSecurityTests : IAsyncLifetime
{
    /// <summary>HSTS is never sent for localhost or a loopback address (the package's rule), so the requests name a real host.</summary>
    internal const string PublicHost = "ordorolite.example";

    private readonly AppServer _app = new(new AppServerOptions(Environment: "Production", Certificate: AppServerOptions.SelfSignedCertificate()));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Over_https_outside_development_every_response_carries_hsts_and_the_sign_in_cookie_is_secure()
    {
        using var visitor = _app.NewVisitor();
        visitor.AddHeader("Host", PublicHost);

        var login = await visitor.GetAsync("/Account/Login");
        var signIn = await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);
        var home = await visitor.GetAsync("/");

        _app.BaseAddress.Scheme.Should().Be("https");
        foreach (var response in new[] { login, signIn, home })
        {
            SecurityHeadersTests.Header(response, "Strict-Transport-Security").Should().Be($"max-age={WebSecurity.HstsMaxAgeSeconds}; includeSubDomains");
            SecurityHeadersTests.ShouldCarryTheSecurityHeaders(response);
        }

        home.StatusCode.Should().Be(HttpStatusCode.OK);
        visitor.SignInCookieSet!.Secure.Should().BeTrue();
        visitor.SignInCookieSet.HttpOnly.Should().BeTrue();
        login.Headers.GetValues("Set-Cookie").Should().ContainSingle(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal))
            .Which.Should().Contain("secure");
    }
}

/// <summary>Behind a reverse proxy that ends TLS: the proxy's X-Forwarded-Proto counts, from a trusted (loopback) proxy.</summary>
public sealed class ReverseProxySecurityTests : IAsyncLifetime
{
    private readonly AppServer _app = new(new AppServerOptions(
        Environment: "Production",
        Settings: new Dictionary<string, string> { ["ReverseProxy:Enabled"] = "true" }));

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_request_forwarded_as_https_gets_hsts_and_secure_cookies_and_a_plain_one_gets_neither()
    {
        using var proxied = _app.NewVisitor();
        proxied.AddHeader("X-Forwarded-Proto", "https");
        proxied.AddHeader("Host", HttpsSecurityTests.PublicHost);
        using var direct = _app.NewVisitor();
        direct.AddHeader("Host", HttpsSecurityTests.PublicHost);

        var viaProxy = await proxied.GetAsync("/Account/Login");
        var plain = await direct.GetAsync("/Account/Login");

        SecurityHeadersTests.Header(viaProxy, "Strict-Transport-Security").Should().StartWith("max-age=");
        viaProxy.Headers.GetValues("Set-Cookie").Should().OnlyContain(c => c.Contains("secure"));
        plain.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        plain.Headers.GetValues("Set-Cookie").Should().NotContain(c => c.Contains("secure"));
        SecurityHeadersTests.ShouldCarryTheSecurityHeaders(plain);
    }
}
