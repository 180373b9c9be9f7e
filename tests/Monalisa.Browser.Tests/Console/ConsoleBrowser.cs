using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Monalisa.LocalHost;

namespace Monalisa.Browser.Tests.Console;

/// <summary>
/// What every browser test of the staff console does: sign in through the local host's development sign-in (as staff
/// do with Entra ID in Azure), open a console page, check it (axe, no sideways scrolling) and shoot it, add a note, and
/// script enrolments through the API. Journey tests (payments, cancellations, waiting list, moves) reuse these.
/// </summary>
internal static class ConsoleBrowser
{
    public const string StaffName = StaffSignIn.DefaultName;
    public const string Dashboard = "/api/equipe/";
    public static readonly int[] Widths = [375, 1280];

    /// <summary>Screenshots of the console, not committed (artifacts/ is ignored).</summary>
    public static string Screenshots => Path.Combine(ChromiumFixture.Screenshots, "console");

    public static string Session(string sessionId) => $"/api/equipe/sessions/{sessionId}";
    public static string Enrolment(string enrolmentId) => $"/api/equipe/inscriptions/{enrolmentId}";

    /// <summary>
    /// A new browser context (close it with <c>page.Context.CloseAsync()</c>) signed in as <paramref name="name"/> with
    /// <paramref name="role"/>, on the page <paramref name="then"/> (the dashboard by default).
    /// </summary>
    public static async Task<IPage> SignedInPageAsync(IBrowser browser, Uri host, int width = 1280, string name = StaffName, string role = "staff", string then = Dashboard)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = 900 },
            Locale = "fr-FR",
            BaseURL = host.ToString().TrimEnd('/'),
        });
        var page = await context.NewPageAsync();
        await SignInAsync(page, name, role, then);
        return page;
    }

    /// <summary>Fills the dev sign-in form (« Nom affiché », the role) and lands on <paramref name="then"/>.</summary>
    public static async Task SignInAsync(IPage page, string name = StaffName, string role = "staff", string then = Dashboard)
    {
        await page.GotoAsync($"/.auth/login/aad?post_login_redirect_uri={Uri.EscapeDataString(then)}");
        await page.FillAsync("#name", name);
        await page.CheckAsync(role switch { "staff" => "#role-staff", "trainer" => "#role-trainer", _ => "#role-none" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(then.TrimEnd('/')) + "/?(\\?.*)?$"));
    }

    /// <summary>Opens a console page and waits for its heading; fails on anything but 200.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Status: 200 }, $"{path} answered {response?.Status}");
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
    }

    /// <summary>
    /// The screenshots the docs show (docs/screenshots/), written only when scripts/document-screenshots.sh asks
    /// (MONALISA_DOC_SCREENSHOTS=1): a test run must leave the clone as it found it, and some pages (the room's code)
    /// differ on every run.
    /// </summary>
    public static async Task ShootForDocsAsync(IPage page, string fileName)
    {
        if (Environment.GetEnvironmentVariable("MONALISA_DOC_SCREENSHOTS") != "1") return;
        var docs = Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(docs);
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, fileName), FullPage = true });
    }

    /// <summary>axe (no serious or critical violation), no sideways scrolling, then a full-page screenshot: the problems found.</summary>
    public static async Task<List<string>> CheckAndShootAsync(IPage page, string name, int width)
    {
        var problems = (await Axe.RunAsync(page)).Select(v => $"{name} at {width} px: {v}").ToList();
        if (!await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
            problems.Add($"{name} scrolls sideways at {width} px, past the edge: " + await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')"));
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-{width}.png"), FullPage = true });
        return problems;
    }

    /// <summary>Adds a note on the enrolment page that is open, and waits for the confirmation banner.</summary>
    public static async Task AddNoteAsync(IPage page, string text)
    {
        await page.FillAsync("#note-text", text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la note" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Note ajoutée au journal.");
    }

    /// <summary>The timeline line of the last note, as the page shows it.</summary>
    public static ILocator LastNote(IPage page) => page.Locator("ol.console-timeline li[data-kind=NoteAdded]").Last;

    /// <summary>One dashboard figure of a session (data-figure: confirmed, held, held-AwaitingInvoice, waiting-requests, failed-emails…).</summary>
    public static async Task<int> FigureAsync(IPage page, string sessionId, string figure)
    {
        var cell = page.Locator($"tr[data-session-id='{sessionId}'] [data-figure='{figure}']");
        return await cell.CountAsync() == 0 ? 0 : int.Parse(await cell.First.TextContentAsync() ?? "0");
    }

    /// <summary>Enrols through the API as the site's script does: the enrolment's id and, for a card, its (offline) payment page.</summary>
    public static async Task<(string Id, string? CheckoutUrl)> EnrolAsync(TestApi api, EnrolmentBody body)
    {
        var response = await api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var json = JsonDocument.Parse(text).RootElement;
        return (json.GetProperty("id").GetString()!, json.TryGetProperty("checkoutUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null);
    }

    /// <summary>Pays on the local host's offline checkout page, which sends a signed webhook as Stripe would.</summary>
    public static async Task PayOfflineAsync(IPage page, string checkoutUrl)
    {
        await page.GotoAsync(checkoutUrl);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Payer") }).ClickAsync();
        await page.WaitForURLAsync("**/inscription/confirmee/**");
    }
}
