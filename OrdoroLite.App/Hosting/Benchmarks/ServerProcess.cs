using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Diagnostics.NETCore.Client;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>
/// The app's own build (the one running the bench) started as a server process on a free loopback port, on
/// the bench's database; stopped (killed) on dispose. Used by the memory and load parts and by
/// KilledServerTests.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <param name="settings">Configuration as environment variables: the database's (<c>IBenchStore.ServerSettings</c>) and any more (e.g. Webhooks__AllowPrivateNetworks).</param>
    /// <exception cref="InvalidOperationException">The server did not answer /health within 3 minutes (its last log lines are in the message).</exception>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        // Development serves _framework and MudBlazor's files from the build output (a Release build, not published).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Database__SeedDemoData"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3) && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(ServerFarm.HealthPath)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        server.Dispose();
        throw new InvalidOperationException($"The server did not start:{Environment.NewLine}{server.LogText()}");
    }

    /// <summary>
    /// Forces two full, blocking collections in the server (an EventPipe session asking for a heap
    /// collection, as dotnet-gcdump does), then reads its resident set from /proc.
    /// </summary>
    public double RssAfterFullCollectionMb()
    {
        var client = new DiagnosticsClient(_process.Id);
        for (var i = 0; i < 2; i++)
        {
            const long gcHeapCollect = 0x800000;
            using var session = client.StartEventPipeSession(
                [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcHeapCollect)],
                requestRundown: false);
            // The collection runs when the session starts; the events themselves are not needed.
            var drain = Task.Run(() => session.EventStream.CopyTo(Stream.Null));
            Thread.Sleep(TimeSpan.FromSeconds(2));
            session.Stop();
            drain.Wait(TimeSpan.FromSeconds(10));
        }

        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    /// <summary>SIGKILL: no shutdown, no flush, open transactions abandoned mid-way (the killed-server test).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Add(line);
            }
        }
    }

    private string LogText()
    {
        lock (_log)
        {
            return string.Join(Environment.NewLine, _log.TakeLast(40));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
