using System.Diagnostics;

namespace OrdoroLite.App.Hosting.Benchmarks;

/// <summary>One timed case: our code, and (for grid and bulk cancel) the hand-written SQL doing the same work.</summary>
public sealed record BenchResult(
    string Group,
    string Case,
    double OursMs,
    double? RawMs,
    IReadOnlyList<double> OursRunsMs,
    IReadOnlyList<double> RawRunsMs,
    string? Target,
    bool? Met,
    string? Note,
    string? Unit = null)
{
    public double? Ratio => RawMs is > 0 ? OursMs / RawMs : null;
}

/// <summary>Median of several runs after a warm-up; ours and raw alternate so a change in the machine's load hits both.</summary>
public static class BenchTiming
{
    /// <param name="run">Gets the run's index (warm-ups first, counting from 0), so a write can pick fresh rows each time.</param>
    public static async Task<List<double>> RunsAsync(int warmups, int runs, Func<int, Task> run)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < warmups + runs; i++)
        {
            var elapsed = await TimeAsync(() => run(i));
            if (i >= warmups)
            {
                times.Add(elapsed);
            }
        }

        return times;
    }

    public static Task<(List<double> Ours, List<double> Raw)> PairedRunsAsync(
        int warmups, int runs, Func<int, Task> ours, Func<int, Task> raw) =>
        PairedSelfTimedRunsAsync(warmups, runs, i => TimeAsync(() => ours(i)), i => TimeAsync(() => raw(i)));

    /// <summary>As <see cref="PairedRunsAsync"/>, for runs that time themselves (and leave their own checks off the clock).</summary>
    public static async Task<(List<double> Ours, List<double> Raw)> PairedSelfTimedRunsAsync(
        int warmups, int runs, Func<int, Task<double>> ours, Func<int, Task<double>> raw)
    {
        var oursTimes = new List<double>(runs);
        var rawTimes = new List<double>(runs);
        for (var i = 0; i < warmups + runs; i++)
        {
            // Alternate which goes first, so neither always runs on the other's warm cache.
            var (first, second) = i % 2 == 0 ? (ours, raw) : (raw, ours);
            var firstMs = await first(i);
            var secondMs = await second(i);
            if (i >= warmups)
            {
                oursTimes.Add(i % 2 == 0 ? firstMs : secondMs);
                rawTimes.Add(i % 2 == 0 ? secondMs : firstMs);
            }
        }

        return (oursTimes, rawTimes);
    }

    /// <summary>
    /// Calls each action in turn until <paramref name="atLeast"/> has passed. A sub-millisecond case
    /// needs this before it is timed: .NET first runs methods unoptimised and recompiles the ones
    /// called often only after calls stop bringing new methods (tiered compilation), which takes
    /// a server seconds, not one warm-up call; EF's code path is much longer than raw SQL's, so
    /// timing it earlier compares unoptimised EF with optimised ADO.NET.
    /// </summary>
    public static async Task WarmUpAsync(TimeSpan atLeast, params Func<Task>[] actions)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < atLeast)
        {
            foreach (var action in actions)
            {
                await action();
            }
        }
    }

    public static double Median(IReadOnlyList<double> times)
    {
        var sorted = times.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    public static BenchResult Paired(string group, string name, (List<double> Ours, List<double> Raw) times,
        double? maxRatio, string? note = null)
    {
        var ours = Median(times.Ours);
        var raw = Median(times.Raw);
        return new BenchResult(group, name, ours, raw, times.Ours, times.Raw,
            maxRatio is { } max ? $"≤ {max:0.0#}× raw" : null,
            maxRatio is { } limit ? ours / raw <= limit : null,
            note);
    }

    public static BenchResult Single(string group, string name, List<double> times, double? maxMs = null, string? note = null)
    {
        var ours = Median(times);
        return new BenchResult(group, name, ours, null, times, [],
            maxMs is { } max ? $"≤ {max / 1000:0.#} s" : null,
            maxMs is { } limit ? ours <= limit : null,
            note);
    }
}

/// <summary>A clock that stays where it is put: the benchmark controls the instants it writes and stops cache expiry.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
