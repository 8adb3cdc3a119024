using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrdoroLite.App.Hosting;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.App.Features.Labels;

/// <summary>
/// The carrier rules from configuration: <c>Carriers:Profiles:{carrier}</c> changes a default
/// profile setting by setting (or adds a carrier), <c>Carriers:Holidays</c> lists the days off
/// besides weekends (yyyy-MM-dd); and the tracking worker that records the carriers' scans.
/// </summary>
public static class CarrierSetup
{
    /// <summary>The default profiles with configuration's changes, and the business-day calendar.</summary>
    /// <exception cref="StartupException">A setting is not usable: the sentence names it.</exception>
    public static CarrierRules RulesFrom(IConfiguration configuration)
    {
        var profiles = CarrierProfiles.Defaults();
        var problems = new List<string>();
        List<DateOnly> holidays = [];
        try
        {
            foreach (var section in configuration.GetSection("Carriers:Profiles").GetChildren())
            {
                var profile = profiles.TryGetValue(section.Key, out var known) ? known : new CarrierProfile();
                section.Bind(profile);
                profiles[section.Key] = profile;
                problems.AddRange(profile.Problems(section.Key));
            }

            // Read as text: the binder would silently drop an element it cannot convert.
            foreach (var day in configuration.GetSection("Carriers:Holidays").GetChildren())
            {
                if (DateOnly.TryParseExact(day.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var holiday))
                {
                    holidays.Add(holiday);
                }
                else
                {
                    problems.Add($"{day.Path} is \"{day.Value}\"; a holiday is a date written yyyy-MM-dd (\"2026-11-26\").");
                }
            }
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"The carrier settings (Carriers:Profiles, Carriers:Holidays) cannot be read: {e.InnerException?.Message ?? e.Message} " +
                "Windows and holds are durations (\"30.00:00:00\"), holidays dates (\"2026-11-26\").");
        }

        return problems.Count > 0
            ? throw new StartupException(string.Join(" ", problems))
            : new CarrierRules(profiles, new BusinessCalendar(holidays));
    }

    /// <summary>Uses <paramref name="rules"/> everywhere (dialogs, deletions, sandbox, lists, report) and starts the tracking worker.</summary>
    public static IServiceCollection AddCarriers(this IServiceCollection services, CarrierRules rules, IConfiguration configuration)
    {
        services.Replace(ServiceDescriptor.Singleton(rules));
        services.Replace(ServiceDescriptor.Singleton(configuration.GetSection("Tracking").Get<TrackingOptions>() ?? new TrackingOptions()));
        if (configuration.GetValue("Tracking:WorkerEnabled", true))
        {
            services.AddHostedService<TrackingWorker>();
        }

        return services;
    }
}
