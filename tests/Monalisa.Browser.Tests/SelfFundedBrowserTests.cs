using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Browser.Tests;

/// <summary>A volunteer paying for their own training: contract, offline card setup, then charges as the clock moves.</summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : SiteServer(storage, chromium)
{
    [Fact]
    public async Task A_volunteer_enrols_accepts_the_contract_saves_a_card_offline_and_is_charged_from_day_11()
    {
        var page = await OpenAsync(EnrolPath);
        // Links in the API's answers use the default site address (localhost:7071): send them to this test's host.
        await page.Context.RouteAsync("http://localhost:7071/**", route =>
            route.ContinueAsync(new() { Url = Url(new Uri(route.Request.Url).PathAndQuery) }));

        var contract = await FillSelfFundedAsync(page);
        await Assertions.Expect(contract).ToContainTextAsync("Contrat de formation professionnelle");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");

        // Without accepting the contract, the script stops the form with the server's words.
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync(EnrolmentMessages.ContractAcceptanceRequired);

        await page.CheckAsync("#contractAccepted");
        var request = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button[type=submit]"),
            r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/enrolments");
        using var sent = JsonDocument.Parse(request.PostData!);
        Assert.True(sent.RootElement.GetProperty("contractAccepted").GetBoolean());
        Assert.Matches("^[0-9a-f]{64}$", sent.RootElement.GetProperty("contractVersion").GetString());

        // The offline stand-in for Stripe's setup page: no card, no money; it sends the signed setup webhook.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/_dev/setup/cs_offline_setup_"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Enregistrer votre carte");
        var id = new Uri(page.Url).AbsolutePath["/_dev/setup/cs_offline_setup_".Length..];
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/inscription/enregistree/"));
        // No invoice for a self-funded trainee: the page shows the payment schedule instead (30 % on day 11, then the balance).
        var schedule = page.Locator("[data-instalments]");
        await Assertions.Expect(schedule).ToContainTextAsync("Premier versement");
        await Assertions.Expect(schedule).ToContainTextAsync("12 décembre 2026");
        await Assertions.Expect(schedule).ToContainTextAsync("Solde");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("la facture sera adressée");

        var store = Api.Services.GetRequiredService<EnrolmentStore>();
        Assert.Equal(EnrolmentState.ContractSigned, (await store.GetAsync(id, CancellationToken.None))!.State);
        Assert.NotNull((await store.GetAsync(id, CancellationToken.None))!.PaymentMethodId);

        Api.Clock.Advance(TimeSpan.FromDays(10));
        (await Api.Client.PostAsync("/_dev/timers/ChargeInstalments", null)).EnsureSuccessStatusCode();
        Assert.Equal(EnrolmentState.ContractSigned, (await store.GetAsync(id, CancellationToken.None))!.State);
        Api.Clock.Advance(TimeSpan.FromDays(1));
        (await Api.Client.PostAsync("/_dev/timers/ChargeInstalments", null)).EnsureSuccessStatusCode();
        var charged = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(EnrolmentState.PartlyPaid, charged.State);
        Assert.Equal(charged.TotalCents * 30 / 100, charged.PaidAmountCents);
    }

    /// <summary>A volunteer, « le stagiaire lui-même », by card, with their address: the form as a self-funded trainee fills it.</summary>
    private static async Task<ILocator> FillSelfFundedAsync(IPage page)
    {
        var contract = page.Locator("[data-contract]");
        await Assertions.Expect(contract).ToBeHiddenAsync();
        await FillSelfFundedVolunteerFieldsAsync(page);
        await Assertions.Expect(contract).ToBeVisibleAsync();
        return contract;
    }

    /// <summary>The fields only: a volunteer trainee who pays by card, with their postal address.</summary>
    private static async Task FillSelfFundedVolunteerFieldsAsync(IPage page)
    {
        await page.FillAsync("#t0-firstName", "Dominique");
        await page.FillAsync("#t0-lastName", "Bénévole");
        await page.FillAsync("#t0-email", $"dominique-{Guid.NewGuid():N}@exemple.fr");
        await page.CheckAsync("#t0-category-volunteer");
        await page.FillAsync("#t0-volunteerAssociation", "Les Petits Frères des Pauvres");
        await page.CheckAsync("#t0-volunteerDeclared");
        await page.CheckAsync("#payer-kind-individual");
        await page.CheckAsync("#paymentMethod-card");
        await page.FillAsync("#payer-street", "3 rue des Lilas");
        await page.FillAsync("#payer-postalCode", "75011");
        await page.FillAsync("#payer-city", "Paris");
    }

    [Fact]
    public async Task Without_javascript_a_self_funded_trainee_is_shown_their_contract_accepts_it_and_goes_on_to_the_card_page()
    {
        var page = await OpenAsync(EnrolPath, javaScript: false);
        await page.Context.RouteAsync("http://localhost:7071/**", route =>
            route.ContinueAsync(new() { Url = Url(new Uri(route.Request.Url).PathAndQuery) }));
        await FillSelfFundedVolunteerFieldsAsync(page);
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");

        // No script, so no form token: first the page that offers the form again (as for every plain form).
        var post = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), IsEnrolmentPost);
        Assert.Equal(400, post.Status);
        post = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), IsEnrolmentPost);

        // Then the contract the form could not show, named for this person, with the box to tick.
        Assert.Equal(200, post.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Votre contrat de formation");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Dominique Bénévole, demeurant 3 rue des Lilas, 75011 Paris");
        Assert.Matches("^[0-9a-f]{64}$", await page.Locator("input[name=contractVersion]").InputValueAsync());
        await page.CheckAsync("#contractAccepted");
        post = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), IsEnrolmentPost);

        Assert.Equal(303, post.Status);
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/_dev/setup/cs_offline_setup_"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Enregistrer votre carte");
    }

    private static bool IsEnrolmentPost(IResponse response) =>
        response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/api/enrolments";

    /// <summary>The error summary names whose field it is: « Payeur : indiquez votre code postal. »</summary>
    private static string PayerLine(string message) => $"Payeur : {char.ToLowerInvariant(message[0])}{message[1..]}";

    [Fact]
    public async Task The_self_funded_form_hides_what_only_an_organisation_fills_and_asks_for_the_trainees_address()
    {
        var page = await OpenAsync(EnrolPath);
        await page.CheckAsync("#payer-kind-individual");

        foreach (var organisationOnly in new[] { "#payer-name", "#payer-email", "#payer-siret", "#payer-purchaseOrder", "#paymentMethod-invoice" })
            await Assertions.Expect(page.Locator(organisationOnly)).ToBeHiddenAsync();
        foreach (var address in new[] { "#payer-street", "#payer-postalCode", "#payer-city" })
            await Assertions.Expect(page.Locator(address)).ToBeVisibleAsync();

        // Sent without a name or SIRET for the payer: no word about them, one per missing address field.
        await page.ClickAsync("button[type=submit]");
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync(PayerLine(EnrolmentMessages.StreetRequired));
        await Assertions.Expect(summary).ToContainTextAsync(PayerLine(EnrolmentMessages.PostalCodeRequired));
        await Assertions.Expect(summary).ToContainTextAsync(PayerLine(EnrolmentMessages.CityRequired));
        await Assertions.Expect(summary).Not.ToContainTextAsync(PayerLine(EnrolmentMessages.PayerNameRequired));
        await Assertions.Expect(summary).Not.ToContainTextAsync(PayerLine(EnrolmentMessages.PayerEmailRequired));

        // An organisation paying sees its fields again.
        await page.CheckAsync("#payer-kind-organisation");
        await Assertions.Expect(page.Locator("#payer-name")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#paymentMethod-invoice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#payer-street")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_contract_shown_names_the_trainee_with_their_address_and_states_their_one_price()
    {
        var page = await OpenAsync(EnrolPath);
        var contract = await FillSelfFundedAsync(page);
        var text = contract.Locator("[data-contract-text]");

        await Assertions.Expect(text).ToContainTextAsync("Dominique Bénévole, demeurant 3 rue des Lilas, 75011 Paris");
        await Assertions.Expect(text).Not.ToContainTextAsync("identifié dans le formulaire");
        await Assertions.Expect(text).ToContainTextAsync("au tarif bénévole : 300\u00a0€ TTC");
        await Assertions.Expect(text).Not.ToContainTextAsync("professionnel(le) :");
        await Assertions.Expect(text).Not.ToContainTextAsync("SIRET SIRET");

        // The text shown is the one whose hash the form posts: the server's own rendering for this person.
        var shown = await page.Locator("input[name=contractVersion]").InputValueAsync();
        Assert.Matches("^[0-9a-f]{64}$", shown);

        // Changing the address changes the contract: it must be read and accepted again.
        await page.CheckAsync("#contractAccepted");
        await page.FillAsync("#payer-street", "5 rue des Roses");
        await Assertions.Expect(text).ToContainTextAsync("demeurant 5 rue des Roses, 75011 Paris");
        await Assertions.Expect(page.Locator("#contractAccepted")).Not.ToBeCheckedAsync();
        Assert.NotEqual(shown, await page.Locator("input[name=contractVersion]").InputValueAsync());
    }
}
