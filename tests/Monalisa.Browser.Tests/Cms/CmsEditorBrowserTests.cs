using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Monalisa.Content;
using Monalisa.LocalHost;
using Monalisa.Site;

namespace Monalisa.Browser.Tests.Cms;

/// <summary>
/// /admin/ (Decap CMS) against its local backend: the real local host proxying to decap-server, which writes a temporary
/// copy of site/ (never the real site/input). A staff member's « add a session » must reach the Markdown, the page and the API.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class CmsEditorBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Slug = TestCourse.RealSlug;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "monalisa-cms", Guid.NewGuid().ToString("N"));
    private readonly List<string> _errors = [];
    private TestApi _api = null!;
    private IBrowserContext? _context;

    private string Site => Path.Combine(_folder, "site");
    private string Output => Path.Combine(_folder, "output");
    private string CourseFile => Path.Combine(Site, "input", CourseContent.CoursesFolder, Slug + ".md");

    public async Task InitializeAsync()
    {
        // The theme too: the editor's media folder (site/theme/assets) must lie inside the folder decap-server writes.
        foreach (var folder in new[] { "input", "theme" })
            CopyFolder(Path.Combine(RepositoryPaths.Root, "site", folder), Path.Combine(Site, folder));
        File.Copy(Path.Combine(RepositoryPaths.Root, "site", SettingsKeys.FileName), Path.Combine(Site, SettingsKeys.FileName));
        _api = await JourneySite.StartApiAsync(storage, Catalogue(), Output, new Dictionary<string, string?> { ["LocalHost:CmsFolder"] = _folder });
        Build();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        await _api.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_session_added_in_the_editor_is_saved_to_the_markdown_shown_on_the_course_page_and_listed_by_the_api()
    {
        // Unique per run: the browser tests share one Azurite, where a session's places are kept by its id.
        var id = "2027-11-nantes-" + Guid.NewGuid().ToString("N")[..6];
        var before = File.ReadAllText(CourseFile);
        var page = await OpenEditorAsync();
        await OpenCourseAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter Sessions" }).ClickAsync();
        await Shoot(page, "cms-session-ajoutee.png");
        await page.GetByLabel("Identifiant de la session").Last.FillAsync(id);
        await page.GetByLabel("Premier jour").Last.FillAsync("2027-11-18");
        await page.GetByLabel("Dernier jour").Last.FillAsync("2027-11-19");
        await page.GetByLabel("Ville").Last.FillAsync("Nantes");
        await page.GetByLabel("Lieu", new() { Exact = true }).Last.FillAsync("Maison des associations de Nantes");
        await page.GetByLabel("Adresse").Last.FillAsync("2 rue de l’Exemple, 44000 Nantes");
        await page.GetByLabel("Nombre de places").Last.FillAsync("16");
        await Shoot(page, "cms-session-remplie.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await page.GetByText("Publier maintenant").ClickAsync();
        await WaitUntilAsync(() => File.ReadAllText(CourseFile) != before, "the course file was not written");
        await Assertions.Expect(page.GetByText("Entrée enregistrée")).ToBeVisibleAsync();
        await Shoot(page, "cms-session-publiee.png");

        // The Markdown: the reader takes the new session with its facts, and keeps the others.
        var course = CourseReader.Read(CourseFile, File.ReadAllText(CourseFile)).Course;
        var added = Assert.Single(course.Sessions, s => s.Id == id);
        Assert.Equal((new DateOnly(2027, 11, 18), new DateOnly(2027, 11, 19), "Nantes", 16), (added.Start, added.End, added.City, added.Capacity));
        Assert.False(added.IsExample);
        Assert.Equal(4, course.Sessions.Count);

        // The site built from that copy shows it on the course page.
        Build();
        var coursePage = await page.Context.NewPageAsync();
        await coursePage.GotoAsync(new Uri(_api.BaseAddress, SitePages.Course(Slug)).ToString());
        await Assertions.Expect(coursePage.Locator($"tr[data-session-id='{id}']")).ToContainTextAsync("Nantes");

        // The API, reading the same files (a deployment compiles them in), lists it with its places.
        await using var api = await JourneySite.StartApiAsync(storage, Catalogue(), Output);
        var listed = await api.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course={Slug}");
        Assert.Contains(id, listed.ToString());
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task A_setting_completed_in_the_editor_is_saved_as_a_settings_file_the_site_still_reads()
    {
        var file = Path.Combine(Site, SettingsKeys.FileName);
        var before = SiteSettings.Load(file, SettingsKeys.FileName);
        Assert.Contains("Contact.Phone", before.MissingLegalFacts());
        var page = await OpenEditorAsync();
        await page.GetByText("Réglages du site").First.ClickAsync();
        await page.GetByText("Réglages (settings.yml)").ClickAsync();

        // The placeholder carries the editor's hint; the first « Phone » is Contact's.
        await Assertions.Expect(page.GetByText("Valeur encore provisoire").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByLabel("Phone").First.FillAsync("01 23 45 67 89");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await page.GetByText("Publier maintenant").ClickAsync();
        await Assertions.Expect(page.GetByText("Entrée enregistrée")).ToBeVisibleAsync();

        // Rewritten whole by the editor (comments gone), the file still passes the reader, every other value intact.
        var after = SiteSettings.Load(file, SettingsKeys.FileName);
        Assert.Equal("01 23 45 67 89", after.Contact.Phone);
        Assert.DoesNotContain("Contact.Phone", after.MissingLegalFacts());
        Assert.Equal(before.MissingLegalFacts().Count - 1, after.MissingLegalFacts().Count);
        Assert.Equal((before.Enrolment.ClosesDaysBefore, before.ApiBaseUrl, before.Brand.Colour, before.Legal.Vat),
            (after.Enrolment.ClosesDaysBefore, after.ApiBaseUrl, after.Brand.Colour, after.Legal.Vat));
        Build();
        Assert.Empty(_errors);
    }

    /// <summary>Signs in (the local backend asks for no account) and lands on the courses collection.</summary>
    private async Task<IPage> OpenEditorAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "fr-FR" });
        var page = await _context.NewPageAsync();
        page.PageError += (_, error) => _errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") _errors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) _errors.Add($"{response.Status} {response.Url}"); };
        await page.GotoAsync(new Uri(_api.BaseAddress, "/admin/").ToString());
        // The local backend needs no account: one click on the sign-in page.
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" });
        await Assertions.Expect(signIn).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Shoot(page, "cms-connexion.png");
        await signIn.ClickAsync();
        // The courses collection lists the course by its title.
        var course = page.GetByText("Animer une stratégie de coopération MONALISA").First;
        await Assertions.Expect(course).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Shoot(page, "cms-formations.png");
        return page;
    }

    private static async Task OpenCourseAsync(IPage page)
    {
        await page.GetByText("Animer une stratégie de coopération MONALISA").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ajouter Sessions" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Shoot(page, "cms-formation.png");
    }

    private void Build() => SiteBuilder.Build(new SiteOptions(Path.Combine(Site, "input"), Path.Combine(Site, "theme"),
        Path.Combine(Site, SettingsKeys.FileName), Output)
    {
        Today = DateOnly.FromDateTime(TestApi.DefaultNow.Date),
        LegalExamples = true,
        CmsBundle = Path.Combine(RepositoryPaths.Root, "node_modules", "decap-cms", "dist"),
        CmsLocalBackend = new Uri(_api.BaseAddress, LocalDecapServer.Path).ToString(),
    });

    private Monalisa.Domain.Catalogue.CourseCatalogue Catalogue() =>
        CourseContent.ToCatalogue(CourseContent.LoadDirectory(Path.Combine(Site, "input", CourseContent.CoursesFolder)));

    /// <summary>Always under artifacts/ (to look at a failure); into docs/ only for scripts/document-screenshots.sh.</summary>
    private static async Task Shoot(IPage page, string name)
    {
        Directory.CreateDirectory(ChromiumFixture.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.Screenshots, name) });
        await Console.ConsoleBrowser.ShootForDocsAsync(page, name);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
