using System.Net;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Security;

/// <summary>Links with values a page cannot use are answered with the page and a sentence, never a 500.</summary>
[Collection(AppServerCollection.Name)]
public sealed class OddAddressTests(AppServer app)
{
    [Theory]
    [InlineData("/orders?warehouse=abc")]
    [InlineData("/orders?warehouse=99999999999")]
    [InlineData("/orders?tab=%00&reason=99&channel=%F0%9F%98%80")]
    [InlineData("/orders/-1")]
    public async Task A_page_given_odd_link_values_answers_with_the_page_not_an_error(string path)
    {
        using var visitor = app.NewVisitor();
        await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password);

        var response = await visitor.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("Exception");
    }
}
