using System.Globalization;
using System.Text;

namespace OrdoroLite.App.Features.Orders.Jobs;

/// <summary>
/// <c>GET /orders/jobs/{id}/outcome.csv</c>: a job's per-order outcome as a file. An endpoint rather
/// than a push through the circuit, because 100,000 rows are megabytes. Signed-in staff only (the
/// app's fallback policy), and only the job's owner or a manager; anyone else gets 404, as for a job
/// that does not exist.
/// </summary>
public static class JobOutcomeDownload
{
    public const string Pattern = "/orders/jobs/{id:guid}/outcome.csv";

    /// <summary>The address of a job's outcome file.</summary>
    public static string PathOf(Guid id) => $"/orders/jobs/{id}/outcome.csv";

    /// <summary>Maps the download; authorization is the app's fallback policy plus the viewer check inside.</summary>
    public static IEndpointRouteBuilder MapJobOutcomeDownload(this IEndpointRouteBuilder app)
    {
        app.MapGet(Pattern, async (Guid id, HttpContext http, OrderJobs jobs) =>
        {
            if (JobViewer.Of(http.User) is not { } viewer || jobs.Find(id, viewer) is not { } job)
            {
                return Results.NotFound();
            }

            var name = $"{job.Input.Action.ToString().ToLowerInvariant()}-outcome-{job.StartedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv";
            // Written to memory first: CsvHelper writes synchronously, which Kestrel's response body refuses.
            var file = new MemoryStream();
            await using (var text = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
            {
                // The byte-order mark makes spreadsheets read names as UTF-8, as the report's exports do.
                job.WriteCsv(text);
            }

            file.Position = 0;
            return Results.File(file, "text/csv; charset=utf-8", name);
        });
        return app;
    }
}
