using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OrdoroLite.App.Hosting;

/// <summary>
/// Security headers on every response (NetEscapades.AspNetCore.SecurityHeaders), cookies marked
/// Secure over HTTPS, and, behind a reverse proxy that ends TLS, the proxy's word for the scheme
/// and client address. How to serve over HTTPS: docs/security.md.
/// </summary>
public static class WebSecurity
{
    /// <summary>HSTS lifetime: one year, the usual value once a site is known to work over HTTPS.</summary>
    public const int HstsMaxAgeSeconds = 365 * 24 * 60 * 60;

    /// <summary>Configuration section for a reverse proxy: <c>ReverseProxy:Enabled</c>, <c>ReverseProxy:KnownProxies</c>.</summary>
    public const string ReverseProxySection = "ReverseProxy";

    /// <summary>Registers the header policy; HSTS only outside Development (a developer's localhost stays usable over HTTP).</summary>
    public static IServiceCollection AddWebSecurity(this IServiceCollection services, IWebHostEnvironment environment, IConfiguration configuration)
    {
        services.AddSecurityHeaderPolicies().SetDefaultPolicy(policy =>
        {
            policy.AddFrameOptionsDeny()
                .AddContentTypeOptionsNoSniff()
                .AddReferrerPolicySameOrigin()
                .AddCrossOriginOpenerPolicy(p => p.SameOrigin())
                .AddCrossOriginResourcePolicy(p => p.SameOrigin())
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().Self();
                    // Scripts only from this site; the one inline script, the import map, carries the request's nonce.
                    csp.AddScriptSrc().Self().WithNonce();
                    // MudBlazor and Blazor's reconnect UI set style attributes: inline styles are needed (no scripts run from them).
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddImgSrc().Self().Data();
                    csp.AddFontSrc().Self().Data();
                    // The Blazor circuit's WebSocket and enhanced navigation's fetches go to this site only.
                    csp.AddConnectSrc().Self();
                    csp.AddObjectSrc().None();
                    csp.AddBaseUri().Self();
                    csp.AddFormAction().Self();
                    csp.AddFrameAncestors().None();
                });
            if (!environment.IsDevelopment())
            {
                // Sent on HTTPS responses only (the package's rule, as the standard asks).
                policy.AddStrictTransportSecurityMaxAgeIncludeSubDomains(HstsMaxAgeSeconds);
            }
        });

        // Identity's sign-in cookie is already Secure when the request is; the antiforgery cookie is not by default.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        var proxy = configuration.GetSection(ReverseProxySection);
        if (proxy.GetValue("Enabled", false))
        {
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                // Loopback is trusted by default (a proxy on the same machine); others must be named.
                foreach (var address in proxy.GetSection("KnownProxies").Get<string[]>() ?? [])
                {
                    o.KnownProxies.Add(IPAddress.Parse(address));
                }
            });
        }

        return services;
    }

    /// <summary>First in the pipeline, so every response, errors and redirects included, carries the headers.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        if (app.Configuration.GetSection(ReverseProxySection).GetValue("Enabled", false))
        {
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();
        return app;
    }
}
