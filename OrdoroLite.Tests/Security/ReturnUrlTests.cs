using System.Net;
using OrdoroLite.App.Features.Account;
using OrdoroLite.Domain.Seeding;
using OrdoroLite.Tests.Support;

namespace OrdoroLite.Tests.Security;

/// <summary>
/// Any return address after signing in either redirects to a page of this site, properly
/// encoded, or falls back to the home page: never a 500, never another site.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class ReturnUrlTests(AppServer app)
{
    public static TheoryData<string, string> OddReturnUrls => new()
    {
        { "/café", "/caf%C3%A9" },
        { "/orders?search=Dana Buyer", "/orders?search=Dana%20Buyer" },
        { "/orders/ünïcödé/中文?q=ß#frag", "/orders/%C3%BCn%C3%AFc%C3%B6d%C3%A9/%E4%B8%AD%E6%96%87?q=%C3%9F#frag" },
        { "/emoji/\U0001F600", "/emoji/%F0%9F%98%80" },
        { "/%2F%2Fevil.example/", "/%2F%2Fevil.example/" },
        { "/%5Cevil.example/", "/%5Cevil.example/" },
        { "/100%", "/100%25" },
        { "/orders?tab=cancelled&reason=OutOfStock", "/orders?tab=cancelled&reason=OutOfStock" },
        { "/quote\"<tag>`{x}|^", "/quote%22%3Ctag%3E%60%7Bx%7D%7C%5E" },
        { "/" + new string('a', 2_000), "/" },
        { "/orders\u0007", "/" },
        { "/\t/evil.example/", "/" },
        { "/orders\r\nSet-Cookie: x=1", "/" },
        { "//evil.example/", "/" },
        { "/\\evil.example/", "/" },
        { "https://evil.example/", "/" },
    };

    [Theory]
    [MemberData(nameof(OddReturnUrls))]
    public async Task Signing_in_with_an_odd_return_address_redirects_to_it_encoded_or_home_and_sets_the_cookie(string returnUrl, string expected)
    {
        using var visitor = app.NewVisitor();

        var signIn = await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password, returnUrl);

        signIn.StatusCode.Should().Be(HttpStatusCode.Found);
        visitor.HasSignInCookie.Should().BeTrue();
        var location = signIn.Headers.NonValidated["Location"].ToString();
        location.Should().Be(app.BaseAddress.GetLeftPart(UriPartial.Authority) + expected, "the redirect stays on this site, encoded as sent");
    }

    [Fact]
    public async Task An_anonymous_visit_to_a_non_ascii_address_goes_to_sign_in_and_back_there_afterwards()
    {
        using var visitor = app.NewVisitor();

        var visit = await visitor.GetAsync("/caf%C3%A9?q=%C3%9F");
        var returnUrl = System.Web.HttpUtility.ParseQueryString(visit.Headers.Location!.Query)["ReturnUrl"];
        var signIn = await visitor.SignInAsync(DemoStaff.Staff.Email, DemoStaff.Password, returnUrl);

        visit.StatusCode.Should().Be(HttpStatusCode.Found);
        returnUrl.Should().Be("/caf%C3%A9?q=%C3%9F");
        signIn.StatusCode.Should().Be(HttpStatusCode.Found);
        signIn.Headers.Location!.PathAndQuery.Should().Be("/caf%C3%A9?q=%C3%9F");
    }

    [Theory]
    [MemberData(nameof(OddReturnUrls))]
    public void Return_address_is_a_local_ascii_path_or_home(string returnUrl, string expected)
    {
        LocalUrl.OrHome(returnUrl).Should().Be(expected);
    }
}
