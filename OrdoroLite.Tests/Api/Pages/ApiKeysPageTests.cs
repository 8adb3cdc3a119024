using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrdoroLite.App.Features.Api;
using OrdoroLite.Domain.Api;

namespace OrdoroLite.Tests.Api.Pages;

/// <summary>The API keys page (/settings/api-keys): create a key, see it once, revoke it.</summary>
public sealed class ApiKeysPageTests : ManagerPageTest
{
    [Fact]
    public async Task A_new_key_is_shown_once_listed_by_its_first_characters_only_and_revoking_it_stops_it()
    {
        var (page, dialogs, _) = Render<ApiKeysPage>();
        page.WaitForAssertion(() => page.Markup.Should().Contain("No API keys yet."));

        await ClickAsync(page, "Create API key");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        await dialogs.InvokeAsync(() => Field(dialogs, "Name").Change("Shopify sync"));
        await ClickAsync(dialogs, "Create key");
        dialogs.WaitForAssertion(() => dialogs.Find("input[aria-label='New API key']").GetAttribute("value").Should().StartWith("olk_"));
        var token = dialogs.Find("input[aria-label='New API key']").GetAttribute("value")!;
        dialogs.Markup.Should().Contain("it is shown only this once");
        await ClickAsync(dialogs, "I have copied it");

        page.WaitForAssertion(() => page.FindAll("tbody tr").Should().ContainSingle());
        var row = page.Find("tbody tr");
        row.TextContent.Should().Contain("Shopify sync").And.Contain(token[..10] + "…").And.Contain("orders:read").And.Contain("Active").And.Contain("Never");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().BeEmpty());
        page.Markup.Should().NotContain(token);
        await using (var db = Database.CreateDbContext())
        {
            (await db.ApiKeys.SingleAsync()).SecretHash.Should().Be(ApiKey.HashOf(token));
        }

        await ClickAsync(page, "Revoke");
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Revoke \"Shopify sync\""));
        await ClickAsync(dialogs, "Revoke");

        page.WaitForAssertion(() => page.Find("tbody tr").TextContent.Should().Contain("Revoked").And.Contain("by Mia Manager"));
        page.FindAll("tbody tr button").Should().BeEmpty();
        var check = await Ctx.Services.GetRequiredService<ManageApiKeys>().AuthenticateAsync(token);
        check.Caller.Should().BeNull();
        check.Refusal.Should().StartWith("The API key \"Shopify sync\" was revoked on ");
    }

    [Fact]
    public async Task A_key_needs_a_name_and_a_scope_before_it_is_created()
    {
        var (page, dialogs, _) = Render<ApiKeysPage>();
        page.WaitForAssertion(() => page.Markup.Should().Contain("No API keys yet."));

        await ClickAsync(page, "Create API key");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        await dialogs.InvokeAsync(() => dialogs.FindAll("input[type=checkbox]")[0].Change(false));
        await ClickAsync(dialogs, "Create key");

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Name the key after what uses it.").And.Contain("Choose at least one scope"));
        await using var db = Database.CreateDbContext();
        (await db.ApiKeys.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_name_longer_than_a_key_takes_is_refused_with_its_length_not_cut()
    {
        var (page, dialogs, _) = Render<ApiKeysPage>();
        page.WaitForAssertion(() => page.Markup.Should().Contain("No API keys yet."));
        var pasted = new string('x', ApiKey.NameMaxLength + 12);

        await ClickAsync(page, "Create API key");
        dialogs.WaitForAssertion(() => dialogs.FindAll("[role=dialog]").Should().ContainSingle());
        // The browser's maxlength would cut a pasted name short without a word.
        Field(dialogs, "Name").GetAttribute("maxlength").Should().NotBe(ApiKey.NameMaxLength.ToString());
        await dialogs.InvokeAsync(() => Field(dialogs, "Name").Change(pasted));
        await ClickAsync(dialogs, "Create key");

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain($"At most {ApiKey.NameMaxLength} characters (this is {pasted.Length})."));
        Field(dialogs, "Name").GetAttribute("value").Should().Be(pasted);
        await using var db = Database.CreateDbContext();
        (await db.ApiKeys.CountAsync()).Should().Be(0);
    }
}
