using Microsoft.Playwright;

namespace Monalisa.Browser.Tests;

/// <summary>Per test: the real local host (API over the shared Azurite) serving the generated site, and a fresh browser context.</summary>
public abstract class SiteServer(AzuriteFixture storage, ChromiumFixture chromium) : IAsyncLifetime
{
    protected const string Slug = TestCourse.RealSlug;
    protected const string CoursePath = "/formations/" + Slug + "/";
    protected const string EnrolPath = CoursePath + "inscription/2027-06-paris/";

    protected AzuriteFixture Storage { get; } = storage;
    protected ChromiumFixture Chromium { get; } = chromium;
    protected TestApi Api { get; private set; } = null!;
    protected List<string> ConsoleErrors { get; } = [];
    private readonly List<IBrowserContext> _contexts = [];

    public async Task InitializeAsync() =>
        Api = await JourneySite.StartApiAsync(Storage, catalogue: null, Chromium.SiteFolder);

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await Api.DisposeAsync();
    }

    protected async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Chromium.Browser.NewContextAsync(options);
        _contexts.Add(context);
        return context;
    }

    protected string Url(string path) => new Uri(Api.BaseAddress, path).ToString();

    protected async Task<IPage> OpenAsync(string path, bool javaScript = true, int width = 1280)
    {
        var context = await NewContextAsync(new()
        {
            JavaScriptEnabled = javaScript,
            ViewportSize = new() { Width = width, Height = 900 },
            Locale = "fr-FR",
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") ConsoleErrors.Add(message.Text); };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
        await page.GotoAsync(Url(path));
        return page;
    }

    /// <summary>Fills the enrolment form with one valid trainee, paid by an organisation on invoice.</summary>
    protected static async Task FillValidEnrolmentAsync(IPage page, bool javaScript = true)
    {
        await page.FillAsync("#t0-firstName", "Camille");
        await page.FillAsync("#t0-lastName", "Martin");
        await page.FillAsync("#t0-email", "camille.martin@exemple.fr");
        await page.CheckAsync("#t0-category-professional");
        // The live quote grows above the payer fields once a category is chosen: wait for it, or the next click can
        // land where the radio was a moment before (seen under load: « Clicking the checkbox did not change its state »).
        if (javaScript) await Assertions.Expect(page.Locator("[data-quote] .total")).ToBeVisibleAsync();
        await page.CheckAsync("#payer-kind-organisation");
        await page.FillAsync("#payer-name", "Centre social des Pentes");
        await page.FillAsync("#payer-email", "compta@exemple.fr");
        await page.FillAsync("#payer-address", "1 rue de l’Exemple, 69001 Lyon");
        await page.CheckAsync("#paymentMethod-invoice");
        await page.CheckAsync("#prerequisitesConfirmed");
        await page.CheckAsync("#consent");
    }

    protected static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
