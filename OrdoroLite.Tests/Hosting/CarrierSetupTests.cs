using Microsoft.Extensions.Configuration;
using OrdoroLite.App.Features.Labels;
using OrdoroLite.App.Hosting;
using OrdoroLite.Domain.Labels.Carriers;

namespace OrdoroLite.Tests.Hosting;

/// <summary>The carrier rules read from configuration (docs/refunds.md, "Carrier rules"): Carriers:Profiles and Carriers:Holidays.</summary>
public sealed class CarrierSetupTests
{
    [Fact]
    public void Without_settings_the_rules_are_the_published_defaults_with_weekends_off()
    {
        var rules = CarrierSetup.RulesFrom(Configuration());

        var usps = rules.ProfileOf("usps");
        (usps.RefundWindow, usps.Hold, usps.ReviewBusinessDays, usps.CreditBusinessDays).Should().Be(
            (TimeSpan.FromDays(30), TimeSpan.FromDays(14), 10, 14));
        rules.ProfileOf("FedEx").Billing.Should().Be(CarrierBilling.OnScan);
        rules.ProfileOf("UPS").VoidsAtOnce.Should().BeTrue();
        rules.Calendar.Holidays.Should().BeEmpty();
    }

    [Fact]
    public void A_setting_changes_one_value_of_a_default_profile_a_new_name_adds_a_carrier_and_holidays_are_days_off()
    {
        var rules = CarrierSetup.RulesFrom(Configuration(
            ("Carriers:Profiles:USPS:RefundWindow", "20.00:00:00"),
            ("Carriers:Profiles:Canada Post:Hold", "2.00:00:00"),
            ("Carriers:Profiles:Canada Post:ReviewBusinessDays", "5"),
            ("Carriers:Holidays:0", "2026-11-26")));

        rules.ProfileOf("USPS").RefundWindow.Should().Be(TimeSpan.FromDays(20));
        rules.ProfileOf("USPS").Hold.Should().Be(TimeSpan.FromDays(14), "the settings not given keep their defaults");
        rules.ProfileOf("Canada Post").Should().BeEquivalentTo(new { Hold = TimeSpan.FromDays(2), ReviewBusinessDays = 5, RefundWindow = (TimeSpan?)null });
        rules.Calendar.IsBusinessDay(new DateOnly(2026, 11, 26)).Should().BeFalse();
        rules.Calendar.IsBusinessDay(new DateOnly(2026, 11, 27)).Should().BeTrue();
    }

    [Theory]
    [InlineData("Carriers:Profiles:USPS:Hold", "-1.00:00:00", "Carriers:Profiles:USPS:Hold is -1.00:00:00; it cannot be negative.")]
    [InlineData("Carriers:Profiles:USPS:RefundWindow", "00:00:00", "Carriers:Profiles:USPS:RefundWindow is 00:00:00; it must be longer than zero, or left out for no limit.")]
    [InlineData("Carriers:Profiles:UPS:ReviewBusinessDays", "400", "Carriers:Profiles:UPS:ReviewBusinessDays is 400; it must be between 0 and 365.")]
    [InlineData("Carriers:Holidays:0", "Thanksgiving", "Carriers:Holidays:0 is \"Thanksgiving\"; a holiday is a date written yyyy-MM-dd (\"2026-11-26\").")]
    [InlineData("Carriers:Profiles:USPS:Hold", "two weeks", "The carrier settings (Carriers:Profiles, Carriers:Holidays) cannot be read:")]
    public void An_unusable_setting_stops_the_start_with_a_sentence_naming_it(string key, string value, string sentence)
    {
        var act = () => CarrierSetup.RulesFrom(Configuration((key, value)));

        act.Should().Throw<StartupException>().Which.Message.Should().Contain(sentence);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
