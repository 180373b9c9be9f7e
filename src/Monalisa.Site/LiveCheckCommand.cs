using System.Net;
using System.Text.Json;
using Monalisa.Content;

namespace Monalisa.Site;

/// <summary>
/// <c>check-live --api &lt;url&gt; [--site &lt;folder&gt;]</c>: the deploy job's step before the functions change. The
/// courses of site/ against the places taken in the environment (<c>GET {api}/sessions/places</c> of the app still
/// running): a session trainees hold places in may be neither deleted nor shrunk below them (<see cref="TakenPlacesCheck"/>).
/// It runs here and not in the pull request's check, which has no access to any environment; the deployed API's
/// public counts need no credentials or storage key in the workflow.
/// </summary>
internal static class LiveCheckCommand
{
    public const string Name = "check-live";
    private const string Usage = "Usage : check-live --api <adresse de l'API, …/api> [--site <dossier site/>]";
    private const int Attempts = 3;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? api = null, siteFolder = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) { error.WriteLine(Usage); return 2; }
            switch (args[i])
            {
                case "--api": api = args[i + 1].TrimEnd('/'); break;
                case "--site": siteFolder = args[i + 1]; break;
                default: error.WriteLine(Usage); return 2;
            }
        }
        if (string.IsNullOrEmpty(api) || !Uri.TryCreate(api, UriKind.Absolute, out _)) { error.WriteLine(Usage); return 2; }
        siteFolder ??= SiteCommand.FindSiteFolder();

        IReadOnlyList<CourseDocument> content;
        try
        {
            content = CourseContent.LoadDirectory(Path.Combine(siteFolder, "input", CourseContent.CoursesFolder));
        }
        catch (ContentException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }

        var url = $"{api}/sessions/places";
        // A Flex Consumption app may start cold: a long timeout, and a few retries for 5xx and network failures.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    // An environment created now, or an app from before this check: no enrolment can depend on a
                    // session it never published. Said in the job's summary, not hidden.
                    output.WriteLine($"::warning::{url} n'existe pas encore sur cet environnement (première mise en service) : vérification des places prises sautée.");
                    return 0;
                }
                if ((int)response.StatusCode >= 500 && attempt < Attempts) { Thread.Sleep(TimeSpan.FromSeconds(5 * attempt)); continue; }
                if (!response.IsSuccessStatusCode)
                {
                    error.WriteLine($"Places prises illisibles : {url} a répondu {(int)response.StatusCode}. Rien n'est déployé ; relancez le déploiement.");
                    return 1;
                }
                using var stream = response.Content.ReadAsStream();
                var live = JsonSerializer.Deserialize<PlacesBody>(stream, JsonSerializerOptions.Web)?.Sessions ?? [];
                var errors = TakenPlacesCheck.Check(content, live);
                if (errors.Count > 0)
                {
                    error.WriteLine(new ContentException(errors).Message);
                    return 1;
                }
                output.WriteLine($"Places prises respectées : {live.Count(p => p.Taken > 0)} session(s) avec des inscrits, aucune supprimée ni réduite.");
                return 0;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                if (attempt < Attempts && e is not JsonException) { Thread.Sleep(TimeSpan.FromSeconds(5 * attempt)); continue; }
                error.WriteLine($"Places prises illisibles sur {url} ({e.GetType().Name}). Rien n'est déployé ; relancez le déploiement.");
                return 1;
            }
        }
    }

    private sealed record PlacesBody(IReadOnlyList<TakenPlaces>? Sessions);
}
