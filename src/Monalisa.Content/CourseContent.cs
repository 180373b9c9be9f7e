using Monalisa.Domain.Catalogue;

namespace Monalisa.Content;

/// <summary>Loads every course, from a folder (the site generator) or from the copies compiled into this library (the functions).</summary>
public static class CourseContent
{
    public const string CoursesFolder = "courses";
    private const string ResourcePrefix = CoursesFolder + "/";

    public static IReadOnlyList<CourseDocument> LoadDirectory(string coursesDirectory)
    {
        var files = Directory.EnumerateFiles(coursesDirectory, "*.md")
            .Where(f => !Path.GetFileName(f).StartsWith('_'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path: Path.GetRelativePath(Directory.GetCurrentDirectory(), f), Text: File.ReadAllText(f)));
        return ReadAll(files);
    }

    public static IReadOnlyList<CourseDocument> LoadEmbedded()
    {
        var assembly = typeof(CourseContent).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Path: "site/input/" + n, Text: reader.ReadToEnd());
            });
        return ReadAll(files);
    }

    /// <summary>
    /// The compiled-in catalogue, read once per process (it cannot change without a new build): the functions' hosts
    /// start reading it with <see cref="StartLoadingEmbedded"/> first thing, so that its YAML, most of the app's own
    /// start-up work, is parsed on another core while the host builds. Invalid content still stops the start: the
    /// registration waits for this read and rethrows its error.
    /// </summary>
    public static CourseCatalogue LoadEmbeddedCatalogue() => Embedded.Value.GetAwaiter().GetResult();

    /// <summary>Starts reading the compiled-in catalogue in the background (see <see cref="LoadEmbeddedCatalogue"/>).</summary>
    public static void StartLoadingEmbedded() => _ = Embedded.Value;

    private static readonly Lazy<Task<CourseCatalogue>> Embedded = new(() => Task.Run(() => ToCatalogue(LoadEmbedded())));

    /// <summary>The courses under the enrolment deadline of the settings.yml compiled into this library (the published one).</summary>
    public static CourseCatalogue ToCatalogue(IEnumerable<CourseDocument> documents) =>
        new([.. documents.Select(d => d.Course)], SiteSettings.LoadEmbedded().EnrolmentDeadline());

    /// <summary>Reads every file, then checks what only the whole set can show (duplicate slugs and session ids).</summary>
    public static IReadOnlyList<CourseDocument> ReadAll(IEnumerable<(string Path, string Text)> files)
    {
        // Files are independent: read in parallel, kept in their order, each file's errors in place.
        var (documents, errors) = ContentBatch.Run(files, file => CourseReader.Read(file.Path, file.Text));

        var slugs = new Dictionary<string, string>(StringComparer.Ordinal);
        var sessionIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            if (!slugs.TryAdd(doc.Course.Slug, doc.SourcePath))
                errors.Add(new ContentError(doc.SourcePath, CourseKeys.Slug, $"le slug « {doc.Course.Slug} » est déjà utilisé par {slugs[doc.Course.Slug]}."));
            foreach (var session in doc.Course.Sessions)
            {
                if (!sessionIds.TryAdd(session.Id, doc.SourcePath))
                    errors.Add(new ContentError(doc.SourcePath, CourseKeys.Sessions, $"l'identifiant de session « {session.Id} » est déjà utilisé par {sessionIds[session.Id]}."));
            }
        }
        if (errors.Count > 0)
            throw new ContentException(errors);
        return documents;
    }
}
