using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OrdoroLite.Domain.Common;
using OrdoroLite.Domain.Data;

namespace OrdoroLite.App.Features.Api;

/// <summary>
/// Every error of the API is an RFC 9457 problem (application/problem+json) whose <c>detail</c> is
/// the sentence the UI would show; invalid input lists every problem under <c>errors</c> (field →
/// sentences). Nothing is written when a request ends in a problem.
/// </summary>
public static class ApiProblems
{
    public const string PathPrefix = "/api";

    public static bool IsApi(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A problem with one sentence.</summary>
    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>400 listing every problem of the input, by field ("" for the body as a whole).</summary>
    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value),
            detail: string.Join(" ", errors.SelectMany(e => e.Value)),
            title: errors.Sum(e => e.Value.Length) == 1 ? "The request has a problem; nothing was changed." : "The request has problems; nothing was changed.");

    /// <summary>
    /// 405 (with <c>Allow</c>, its problem written by <see cref="UseApiProblems"/>) when another
    /// endpoint has exactly this path: GET /api/v1/orders/cancel reaches GET /orders/{number} with
    /// "cancel", as routing drops the POST-only /orders/cancel before it can answer 405 itself.
    /// Null when no endpoint has the path.
    /// </summary>
    public static IResult? WrongMethod(HttpContext http)
    {
        var path = http.Request.Path.Value?.TrimEnd('/');
        var methods = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => string.Equals("/" + e.RoutePattern.RawText?.Trim('/'), path, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Where(m => !HttpMethods.Equals(m, http.Request.Method))
            .Distinct().ToList();
        if (methods.Count == 0)
        {
            return null;
        }

        http.Response.Headers.Allow = string.Join(", ", methods);
        return TypedResults.StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>The problem for a domain exception, with the sentence the UI shows for it.</summary>
    public static IResult From(Exception e) => e switch
    {
        InvalidRequestException => Invalid(new Dictionary<string, string[]> { [""] = [e.Message] }),
        UnauthorizedAccessException => Problem(StatusCodes.Status403Forbidden, "Not allowed.", e.Message),
        DomainException when e.Message == OrdoroStore.BusyMessage => Problem(StatusCodes.Status503ServiceUnavailable, "The database is busy.", e.Message),
        DomainException when e.Message == OrdoroStore.ConflictMessage => Problem(StatusCodes.Status409Conflict, "Another change got in the way.", e.Message),
        DomainException => Problem(StatusCodes.Status422UnprocessableEntity, "The request breaks a rule; nothing was changed.", e.Message),
        _ => Problem(StatusCodes.Status500InternalServerError, "Something went wrong.",
            "Something went wrong; nothing was reported as done. Read the orders to see their state, then try again."),
    };

    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Problem(status, title, detail).ExecuteAsync(context);

    /// <summary>
    /// For /api paths: the app's status-code pages (an HTML page) stay out; a path or method the API
    /// does not have is answered here with a problem (never the app's sign-in redirect, which the
    /// fallback policy would give a request that matched no API endpoint); and an error the framework
    /// ends without a body (body too large…) gets a problem too.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsApi(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ApiEndpointMetadata>() is null)
        {
            // No API endpoint matched: routing's own 405 (with Allow) or 415 endpoint, or nothing (404).
            if (endpoint?.RequestDelegate is { } framework)
            {
                await framework(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
        else
        {
            await next(context);
        }

        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.ContentLength > 0 || response.ContentType is not null)
        {
            return;
        }

        var (title, detail) = response.StatusCode switch
        {
            404 => ("No such endpoint.", $"{context.Request.Method} {context.Request.Path} is not part of the API. The endpoints are listed in the OpenAPI document (/openapi/v1.json) and docs/api.md."),
            405 => ("Method not allowed.", $"{context.Request.Path} does not take {context.Request.Method} (allowed: {response.Headers.Allow})."),
            413 => ("The body is too large.", "The request body is larger than this endpoint takes (1 MB for JSON, 50 MB for an order file)."),
            415 => ("Unsupported body type.", "Send JSON with \"Content-Type: application/json\" (an order file with \"Content-Type: text/csv\")."),
            _ => ("The request could not be handled.", $"The request ended with status {response.StatusCode}."),
        };
        await Write(context, response.StatusCode, title, detail);
    });
}

/// <summary>Marks the API's own endpoints (the /api/v1 group).</summary>
public sealed class ApiEndpointMetadata;

/// <summary>Problem details as the OpenAPI document describes them.</summary>
public sealed class ApiProblem : ProblemDetails;
