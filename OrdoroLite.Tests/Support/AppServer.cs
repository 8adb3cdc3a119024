using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Domain.Staff;

namespace OrdoroLite.Tests.Support;

/// <summary>
/// The real app on a loopback port (Kestrel), over a fresh temporary SQLite file (or a given
/// PostgreSQL database) seeded with the demo data. The cookie's security-stamp check runs on every request here (interval zero) so a
/// test can see a deactivation end a session without waiting a minute.
/// </summary>
public sealed partial class AppServer : IAsyncLifetime
{
    public const string TestPassword = "Test-password-1";
    public const string TestPersonName = "Test Person";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"ordorolite-app-{Guid.NewGuid():N}.db");
    private readonly AppServerOptions _options;
    private Factory? _factory;

    public AppServer()
        : this(new AppServerOptions())
    {
    }

    /// <summary>An app in another environment, over HTTPS, with other settings or without demo data.</summary>
    internal AppServer(AppServerOptions options) => _options = options;

    /// <summary>The SQLite file this app uses (commands run against it in tests).</summary>
    public string DatabasePath => _databasePath;

    public Uri BaseAddress { get; private set; } = default!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>Orders a browser test has taken for itself (<see cref="OrderFinder"/>), so no two tests share one.</summary>
    internal HashSet<int> ClaimedOrders { get; } = [];

    public Task InitializeAsync()
    {
        _factory = new Factory(_databasePath, _options);
        if (_options.Certificate is { } certificate)
        {
            _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }
        else
        {
            _factory.UseKestrel(0);
        }

        _factory.StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }

    /// <summary>A browser stand-in: its own cookie jar, redirects not followed so tests see them.</summary>
    public Visitor NewVisitor() => new(BaseAddress, _options.Certificate);

    /// <summary>A new person added through staff management by the demo manager.</summary>
    public async Task<string> AddPersonAsync(string role)
    {
        var email = $"person-{Guid.NewGuid():N}@test.local";
        await Services.GetRequiredService<ManageStaff>().AddAsync(
            DemoStaff.Manager.AsActor(), new NewStaffMember(TestPersonName, email, role, TestPassword));
        return email;
    }

    public async Task<StaffMember> FindAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        return await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
    }

    private sealed class Factory(string databasePath, AppServerOptions options) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(options.Environment);
            if (options.PostgresConnectionString is { } postgres)
            {
                builder.UseSetting("Database:Provider", "Postgres");
                builder.UseSetting("ConnectionStrings:Postgres", postgres);
            }
            else
            {
                builder.UseSetting("Database:Path", databasePath);
            }

            builder.UseSetting("Database:SeedDemoData", options.SeedDemoData ? "true" : "false");
            foreach (var (key, value) in options.Settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
                services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        }
    }
}

/// <summary>How an <see cref="AppServer"/> differs from the default: Development, plain HTTP, demo data.</summary>
/// <param name="Certificate">Serve HTTPS with this certificate (the visitors trust it).</param>
/// <param name="PostgresConnectionString">Run on this PostgreSQL database instead of a new SQLite file.</param>
internal sealed record AppServerOptions(
    string Environment = "Development",
    X509Certificate2? Certificate = null,
    IReadOnlyDictionary<string, string>? Settings = null,
    bool SeedDemoData = true,
    string? PostgresConnectionString = null)
{
    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, valid for a day.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Round-tripped through PKCS#12 so the private key is usable by Kestrel's TLS on Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}

public sealed partial class Visitor : IDisposable
{
    public const string SignInCookie = "OrdoroLite.SignIn";

    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    /// <param name="trusted">The server's self-signed certificate, when it serves HTTPS.</param>
    public Visitor(Uri baseAddress, X509Certificate2? trusted = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _cookies, UseCookies = true };
        if (trusted is not null)
        {
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == trusted.Thumbprint;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public bool HasSignInCookie => _cookies.GetCookies(_http.BaseAddress!)[SignInCookie] is { Value.Length: > 0 };

    /// <summary>The sign-in cookie as the server set it (its flags included), or null.</summary>
    public Cookie? SignInCookieSet => _cookies.GetCookies(_http.BaseAddress!)[SignInCookie];

    /// <summary>Sends a cookie copied from another visitor, as someone holding a copy of it would.</summary>
    public void AddCookie(Cookie cookie) => _cookies.Add(_http.BaseAddress!, new Cookie(cookie.Name, cookie.Value));

    /// <summary>Sent with every request, e.g. a reverse proxy's X-Forwarded-Proto.</summary>
    public void AddHeader(string name, string value) => _http.DefaultRequestHeaders.Add(name, value);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>An empty request with any method: enough to meet the authorization check.</summary>
    public Task<HttpResponseMessage> SendAsync(string method, string path) =>
        _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

    /// <summary>Any request, sent with this visitor's cookies.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form) =>
        _http.PostAsync(path, new FormUrlEncodedContent(form));

    /// <summary>Fills in and submits the sign-in form as a browser would (token included).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl = null)
    {
        var loginPath = returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await (await _http.GetAsync(loginPath)).Content.ReadAsStringAsync();
        var form = HiddenFields(page);
        form["Input.Email"] = email;
        form["Input.Password"] = password;
        return await PostAsync(FormAction(page), form);
    }

    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).Select(m => m.Value).ToDictionary(
            input => WebUtility.HtmlDecode(Attribute(input, "name")),
            input => WebUtility.HtmlDecode(Attribute(input, "value")));

    /// <summary>Where the browser posts the form: its action attribute (the query string is not part of it).</summary>
    public static string FormAction(string html) =>
        WebUtility.HtmlDecode(Attribute(FormTag().Match(html).Value, "action"));

    private static string Attribute(string input, string name) =>
        Regex.Match(input, $@"\s{name}=""(?<v>[^""]*)""") is { Success: true } m ? m.Groups["v"].Value : "";

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""<input[^>]*\stype="hidden"[^>]*>""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("""<form[^>]*\smethod="post"[^>]*>""")]
    private static partial Regex FormTag();
}

[CollectionDefinition(Name)]
public sealed class AppServerCollection : ICollectionFixture<AppServer>
{
    public const string Name = "App server";
}
