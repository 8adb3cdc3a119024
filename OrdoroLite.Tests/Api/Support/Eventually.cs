namespace OrdoroLite.Tests.Api.Support;

/// <summary>Waits for a condition the app reaches in the background (a worker's pass), checking it again and again until a patience runs out.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? patience = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "The condition"} was not reached in time; last seen: {value}.");
            }

            // A short pause between looks at the database; the condition decides, not the pause.
            await Task.Delay(50);
        }
    }
}
