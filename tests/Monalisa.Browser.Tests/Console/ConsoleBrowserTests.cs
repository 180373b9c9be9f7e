using Microsoft.Playwright;

namespace Monalisa.Browser.Tests.Console;

/// <summary>
/// The staff console in Chromium, signed in as « Camille Martin » through the dev sign-in: the dashboard, a session and
/// an enrolment at 375 and 1280 px (axe, no sideways scrolling, screenshots under artifacts/screenshots/console/), the
/// dashboard's figures against storage, and a note that names its author in the timeline.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : IAsyncLifetime
{
    private JourneySite _site = null!;
    private readonly List<IPage> _pages = [];
    private readonly TableInspector _tables = new(storage.ConnectionString);

    public async Task InitializeAsync() => _site = await JourneySite.StartAsync(storage);

    public async Task DisposeAsync()
    {
        foreach (var page in _pages) await page.Context.CloseAsync();
        await _site.DisposeAsync();
    }

    private async Task<IPage> SignedInAsync(int width, string then = ConsoleBrowser.Dashboard)
    {
        var page = await ConsoleBrowser.SignedInPageAsync(chromium.Browser, _site.Api.BaseAddress, width, then: then);
        _pages.Add(page);
        return page;
    }

    [Fact]
    public async Task Dashboard_session_and_enrolment_pages_read_at_375_and_1280_pixels_with_figures_equal_to_storage()
    {
        var session = _site.Session.Id;
        var (card, checkout) = await ConsoleBrowser.EnrolAsync(_site.Api, new EnrolmentBody(session).Trainee(firstName: "Camille", lastName: "Carte").Card());
        var payer = await chromium.Browser.NewPageAsync();
        _pages.Add(payer);
        await ConsoleBrowser.PayOfflineAsync(payer, checkout!);
        var invoice = new EnrolmentBody(session).Trainee(firstName: "Dominique", lastName: "Facture").Volunteers(1).Invoice();
        invoice.Json["payer"]!["email"] = "facture@example.org";
        var (awaiting, _) = await ConsoleBrowser.EnrolAsync(_site.Api, invoice);
        var waiting = new EnrolmentBody(session).Trainee(firstName: "Eden", lastName: "Attente").Invoice().WaitingList();
        waiting.Json["payer"]!["email"] = "attente@example.org";
        await ConsoleBrowser.EnrolAsync(_site.Api, waiting);

        var problems = new List<string>();
        foreach (var width in ConsoleBrowser.Widths)
        {
            var page = await SignedInAsync(width);
            await Assertions.Expect(page.Locator("[data-signed-in]")).ToHaveTextAsync(ConsoleBrowser.StaffName);
            var seats = await _tables.CountAsync("Enrolments", session, "seat|");
            Assert.Equal(1, await ConsoleBrowser.FigureAsync(page, session, "confirmed"));
            Assert.Equal(2, await ConsoleBrowser.FigureAsync(page, session, "held-AwaitingInvoice"));
            Assert.Equal(seats, await ConsoleBrowser.FigureAsync(page, session, "confirmed") + await ConsoleBrowser.FigureAsync(page, session, "held"));
            Assert.Equal(1, await ConsoleBrowser.FigureAsync(page, session, "waiting-requests"));
            problems.AddRange(await ConsoleBrowser.CheckAndShootAsync(page, "dashboard", width));

            await page.Locator($"tr[data-session-id='{session}'] th a").ClickAsync();
            await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync(_site.Session.City);
            await Assertions.Expect(page.Locator("ol.console-waiting")).ToContainTextAsync("Eden Attente");
            problems.AddRange(await ConsoleBrowser.CheckAndShootAsync(page, "session", width));

            await page.GetByRole(AriaRole.Link, new() { Name = "Dominique Facture" }).ClickAsync();
            await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("CCAS de Lyon");
            await Assertions.Expect(page.Locator($"form[action='/api/staff/enrolments/{awaiting}/purchase-order']")).ToBeVisibleAsync();
            problems.AddRange(await ConsoleBrowser.CheckAndShootAsync(page, "enrolment-invoice", width));

            await ConsoleBrowser.OpenAsync(page, ConsoleBrowser.Enrolment(card));
            await Assertions.Expect(page.Locator("li[data-kind=PaymentReported] [data-actor=Stripe]")).ToHaveTextAsync("Stripe");
            problems.AddRange(await ConsoleBrowser.CheckAndShootAsync(page, "enrolment-card", width));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_note_added_in_the_browser_shows_the_signed_in_staff_members_name_in_the_timeline()
    {
        var (id, _) = await ConsoleBrowser.EnrolAsync(_site.Api, new EnrolmentBody(_site.Session.Id).Professionals(1).Invoice());
        var page = await SignedInAsync(1280, ConsoleBrowser.Enrolment(id));

        await ConsoleBrowser.AddNoteAsync(page, "Bon de commande promis pour vendredi.");

        var note = ConsoleBrowser.LastNote(page);
        await Assertions.Expect(note.Locator("[data-actor=Staff]")).ToHaveTextAsync(ConsoleBrowser.StaffName);
        await Assertions.Expect(note).ToContainTextAsync("Bon de commande promis pour vendredi.");
        Assert.Empty(await Axe.RunAsync(page));
    }

    [Fact]
    public async Task Without_javascript_the_console_reads_and_a_note_is_added_by_the_plain_form()
    {
        var (id, _) = await ConsoleBrowser.EnrolAsync(_site.Api, new EnrolmentBody(_site.Session.Id).Professionals(1).Invoice());
        var context = await chromium.Browser.NewContextAsync(new() { JavaScriptEnabled = false, BaseURL = _site.Api.BaseAddress.ToString().TrimEnd('/'), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        _pages.Add(page);
        await ConsoleBrowser.SignInAsync(page, then: ConsoleBrowser.Enrolment(id));

        await ConsoleBrowser.AddNoteAsync(page, "Sans script.");

        await Assertions.Expect(ConsoleBrowser.LastNote(page)).ToContainTextAsync(ConsoleBrowser.StaffName);
    }
}
