using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Browser.Tests.ChorusPro;

/// <summary>
/// The enrolment form for a public body, against the local host's offline Chorus Pro stand-in (its example SIRET
/// 21690123400019 requires a service code): the page asks the directory and asks for the code before sending.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicBuyerFormBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : SiteServer(storage, chromium)
{
    private const string ServiceCodeSiret = "21690123400019";

    private async Task<IPage> FillPublicBodyAsync()
    {
        var page = await OpenAsync(EnrolPath);
        await FillValidEnrolmentAsync(page);
        await page.CheckAsync("#payer-kind-public");
        await page.FillAsync("#payer-name", "Commune d'exemple");
        await page.FillAsync("#payer-siret", ServiceCodeSiret);
        await page.Locator("#payer-siret").DispatchEventAsync("change");
        return page;
    }

    [Fact]
    public async Task A_structure_requiring_a_service_code_makes_the_form_ask_for_it_before_sending()
    {
        var page = await FillPublicBodyAsync();
        await Assertions.Expect(page.Locator("[data-chorus-structure]")).ToContainTextAsync("code service");
        var posted = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/enrolments", StringComparison.Ordinal) && request.Method == "POST") posted++; };

        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#payer-serviceCode-error")).ToHaveTextAsync(EnrolmentMessages.ServiceCodeRequired);
        Assert.Equal(0, posted);
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task With_its_service_code_a_public_body_is_registered_on_invoice()
    {
        var page = await FillPublicBodyAsync();
        await Assertions.Expect(page.Locator("[data-chorus-structure]")).ToContainTextAsync("code service");
        await page.FillAsync("#payer-serviceCode", "SERV-FORMATION");
        await page.FillAsync("#payer-commitmentNumber", "EJ-2027-0042");

        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/inscription/enregistree/**");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inscription enregistrée");
    }

    [Fact]
    public async Task Without_javascript_the_server_asks_for_the_service_code_by_its_field()
    {
        var page = await OpenAsync(EnrolPath, javaScript: false);
        await FillValidEnrolmentAsync(page, javaScript: false);
        await page.CheckAsync("#payer-kind-public");
        await page.FillAsync("#payer-siret", ServiceCodeSiret);
        // Without the script there is no form token: the first answer offers the same form again, with a token.
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Formulaire à renvoyer.");
        await page.ClickAsync("button[type=submit]");

        var items = (await page.Locator("main li").AllTextContentsAsync()).Select(Normalize).ToList();
        Assert.Contains($"Payeur — code service (Chorus Pro) : {EnrolmentMessages.ServiceCodeRequired}", items);
    }
}
