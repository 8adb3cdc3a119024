using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using NetEscapades.AspNetCore.SecurityHeaders;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Api;
using Scalar.AspNetCore;

namespace OrdoroLite.App.Features.Api;

/// <summary>Per-key request limits; section "Api:RateLimit".</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Requests a key may make at once before it must wait (the bucket's size).</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Requests a key gets back every <see cref="RefillPeriod"/> (the bucket's refill).</summary>
    public int Refill { get; set; } = 50;

    public TimeSpan RefillPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public string Describe() => RefillPeriod == TimeSpan.FromSeconds(1)
        ? $"{Refill} requests a second (bursts up to {Burst})"
        : $"{Refill} requests every {RefillPeriod} (bursts up to {Burst})";
}

/// <summary>
/// The REST API at /api/v1 (docs/api.md): its own authentication scheme (API keys, never cookies),
/// a scope per endpoint, a rate limit per key, problems for every error, the OpenAPI document at
/// /openapi/v1.json and a browsable reference at /scalar (both for signed-in staff only).
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string RateLimitPolicy = "api-key";
    public const string ReferencePath = "/scalar";
    private const string KeyOnlyPolicy = "ApiKey";

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Api:Idempotency").Get<IdempotencyOptions>() ?? new IdempotencyOptions());
        services.AddApiDomain();
        services.AddTransient<ApiWrites>();
        services.AddHostedService<ApiHousekeeping>();

        // Never the default scheme: pages keep authenticating with the sign-in cookie only.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(KeyOnlyPolicy, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            services.AddAuthorizationBuilder().AddPolicy(PolicyFor(scope), p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(ApiKeyHandler.ScopeClaim, scope));
        }

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var limits = configuration.GetSection("Api:RateLimit").Get<ApiRateLimitOptions>() ?? new ApiRateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.FindFirstValue(ApiKeyHandler.KeyIdClaim) ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.Refill,
                    ReplenishmentPeriod = limits.RefillPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiProblems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests.",
                    $"This API key sent more than {limits.Describe()}. Wait {seconds} second(s) (Retry-After) and send it again; nothing was changed.");
            };
        });

        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "OrdoroLite API",
                    Version = "v1",
                    Description = "Orders, cancellations, labels and imports with the same rules as the app. "
                        + "Authenticate with `Authorization: Bearer olk_…` (a manager creates keys at API keys); send an `Idempotency-Key` with every write. "
                        + "Errors are RFC 9457 problem details. Guide, webhooks and signature verification: docs/api.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key (olk_…), created by a manager at API keys, shown once.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<ApiScopeMetadata>().FirstOrDefault() is { } scope)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(ApiKeyHandler.SchemeName, context.Document)] = [scope.Scope],
                    });
                    operation.Description = $"Needs an API key with the scope `{scope.Scope}` ({ApiScopes.DisplayName(scope.Scope)}).";
                }

                if (metadata.OfType<IdempotencyKeyMetadata>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = ApiWrites.IdempotencyHeader,
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "A unique value per intended change (e.g. a UUID); the same value when the same change is sent again. Kept at least 24 hours.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyRecord.KeyMaxLength },
                    });
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>After authorization, so the limit knows the key (the /api problems go inside the status-code pages: <see cref="ApiProblems.UseApiProblems"/>).</summary>
    public static WebApplication UseApiRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(KeyOnlyPolicy)
            .RequireRateLimiting(RateLimitPolicy)
            .DisableAntiforgery()
            .WithMetadata(new ApiEndpointMetadata())
            .AddEndpointFilter(async (context, next) =>
            {
                try
                {
                    return await next(context);
                }
                catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OrdoroLite.Api")
                        .LogError(e, "API request {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
                    return ApiProblems.From(e);
                }
            });
        api.MapOrdersApi();

        // The document and its reference page are for signed-in staff (the fallback policy): they tell how to call the API, not how to get in.
        app.MapOpenApi().RequireAuthorization(Policies.Staff);
        app.MapScalarApiReference(ReferencePath, (options, http) =>
        {
            options.Title = "OrdoroLite API";
            // The page's scripts run under the site's Content-Security-Policy, with this response's nonce.
            options.Nonce = http.GetNonce();
            options.DefaultFonts = false;
        }).RequireAuthorization(Policies.Staff);
        return app;
    }

    public static string PolicyFor(string scope) => $"api:{scope}";

    /// <summary>This endpoint needs an API key with <paramref name="scope"/> (checked by the server; named in the 403 and the OpenAPI document).</summary>
    public static RouteHandlerBuilder Needs(this RouteHandlerBuilder endpoint, string scope) =>
        endpoint.RequireAuthorization(PolicyFor(scope)).WithMetadata(new ApiScopeMetadata(scope)).ProducesApiProblem(401, 403, 429);

    /// <summary>A JSON write: its body, the Idempotency-Key header, and what it answers.</summary>
    public static RouteHandlerBuilder Write<TBody>(this RouteHandlerBuilder endpoint, Type? response = null, int status = StatusCodes.Status200OK)
        where TBody : notnull =>
        endpoint.Accepts<TBody>("application/json")
            .WithIdempotencyKey()
            .Produces(status, response ?? typeof(ActionResponse))
            .ProducesApiProblem(400, 404, 409, 413, 422, 503);

    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new IdempotencyKeyMetadata());

    public static RouteHandlerBuilder ProducesApiProblem(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.Produces<ApiProblem>(status, "application/problem+json");
        }

        return endpoint;
    }
}

/// <summary>The endpoint requires an Idempotency-Key header (the OpenAPI document lists it).</summary>
public sealed class IdempotencyKeyMetadata;
