using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.LocalHost;
using Monalisa.Site;

namespace Monalisa.Browser.Tests;

/// <summary>
/// A fresh data set for one journey: the real course file with its session ids suffixed (so this journey never sees
/// the seats, holds, enrolments or outbox of any other test on the shared Azurite), the site generated from that copy,
/// and the real local host serving both, with the catalogue read from the same copy. Nothing is cleaned or shared:
/// the ids are new, so there is nothing to clean.
/// </summary>
internal sealed partial class JourneySite : IAsyncDisposable
{
    private readonly string _folder;

    private JourneySite(string folder, CourseCatalogue catalogue, TestApi api)
    {
        _folder = folder;
        Catalogue = catalogue;
        Api = api;
    }

    public TestApi Api { get; }
    public CourseCatalogue Catalogue { get; }
    public Course Course => Catalogue.Courses[0];
    public string CoursePath => $"/formations/{Course.Slug}/";

    /// <summary>The first session (Lyon, capacity 15).</summary>
    public CourseSession Session => Course.Sessions[0];

    public string EnrolPath => $"{CoursePath}inscription/{Session.Id}/";
    public string IntraPath => CoursePath + "demande-intra/";

    public string Url(string path) => new Uri(Api.BaseAddress, path).ToString();

    /// <param name="settings">More app settings (e.g. the Stripe stub's), over the journey's own.</param>
    /// <param name="capacity">The first session's capacity, when a journey needs a session that fills quickly.</param>
    public static async Task<JourneySite> StartAsync(AzuriteFixture storage, IDictionary<string, string?>? settings = null, int? capacity = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "monalisa-journeys", Guid.NewGuid().ToString("N"));
        var site = Path.Combine(RepositoryPaths.Root, "site");
        var input = Path.Combine(folder, "input");
        CopyFolder(Path.Combine(site, "input"), input);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        foreach (var course in Directory.EnumerateFiles(Path.Combine(input, CourseContent.CoursesFolder), "*.md"))
            File.WriteAllText(course, SessionId().Replace(File.ReadAllText(course), m => $"{m.Value}-{suffix}"));
        if (capacity is { } places)
        {
            var course = Directory.EnumerateFiles(Path.Combine(input, CourseContent.CoursesFolder), "*.md").Order(StringComparer.Ordinal).First();
            File.WriteAllText(course, FirstCapacity().Replace(File.ReadAllText(course), $"${{head}}{places}", 1));
        }

        var output = Path.Combine(folder, "output");
        SiteBuilder.Build(Options(folder));
        var catalogue = CourseContent.ToCatalogue(CourseContent.LoadDirectory(Path.Combine(input, CourseContent.CoursesFolder)));

        return new JourneySite(folder, catalogue, await StartApiAsync(storage, catalogue, output, settings));
    }

    /// <summary>
    /// The local host on a port chosen first: checkout, success and cancel URLs come from Site:BaseUrl, fixed at
    /// start, so it must be the address the browser uses. Another process may take the port in between: then retry.
    /// </summary>
    public static async Task<TestApi> StartApiAsync(AzuriteFixture storage, CourseCatalogue? catalogue, string siteFolder, IDictionary<string, string?>? settings = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";
            try
            {
                var all = new Dictionary<string, string?>
                {
                    ["LocalHost:SiteFolder"] = siteFolder,
                    ["Site:BaseUrl"] = baseUrl,
                    ["urls"] = baseUrl,
                    // The API's clock is a fake one that stands still while the browser fills the form: a token it hands
                    // out would never get older. The wait itself is tested in Functions.Tests/Abuse/FormTokenTests.
                    ["Abuse:FormMinimumSeconds"] = "0",
                };
                foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
                var api = await TestApi.StartAsync(storage, catalogue, all);
                if (api.BaseAddress.Port != port)
                {
                    await api.DisposeAsync();
                    throw new InvalidOperationException($"The host listens on {api.BaseAddress}, not on {baseUrl}.");
                }
                return api;
            }
            catch (IOException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Builds the site again into the folder the host serves, e.g. with the published results (api/resultats) as the deployment's build reads them.</summary>
    public void Rebuild(string? resultsFile) => SiteBuilder.Build(Options(_folder) with { ResultsFile = resultsFile });

    private static SiteOptions Options(string folder)
    {
        var site = Path.Combine(RepositoryPaths.Root, "site");
        return new SiteOptions(Path.Combine(folder, "input"), Path.Combine(site, "theme"), Path.Combine(site, SettingsKeys.FileName), Path.Combine(folder, "output"))
        {
            Today = DateOnly.FromDateTime(TestApi.DefaultNow.Date),
            LegalExamples = true,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    // "  - Id: 2027-03-lyon" in the Sessions list of a course file.
    [GeneratedRegex(@"(?m)(?<=^\s*-\s*Id:\s*)[a-z0-9-]+")]
    private static partial Regex SessionId();

    // The first "    Capacity: 15" after "Sessions:" (the course's own fields come before its sessions).
    [GeneratedRegex(@"(?s)(?<head>^.*?\nSessions:.*?\n\s*Capacity:\s*)\d+")]
    private static partial Regex FirstCapacity();
}
