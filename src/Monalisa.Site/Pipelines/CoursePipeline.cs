using Monalisa.Content;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;
using Monalisa.Site.Views;

namespace Monalisa.Site;

/// <summary>For each course: its page, one enrolment page per session, and its intra request page.</summary>
internal static class CoursePipeline
{
    public const string CourseLayout = "_course";
    public const string EnrolmentTemplate = "_enrolment";
    public const string IntraTemplate = "_intra";

    public static IReadOnlyList<CourseView> Load(SiteOptions options, SiteSettings settings, IReadOnlyDictionary<string, PublishedSatisfaction>? results = null) =>
        [.. CourseContent.LoadDirectory(Path.Combine(options.Input, CourseContent.CoursesFolder))
            .Select(d => CourseView.From(d, options.Today, settings.EnrolmentDeadline()) with { Satisfaction = results?.GetValueOrDefault(d.Course.Slug) })];

    /// <summary>
    /// Courses are rendered and written in parallel: their pages share nothing but read-only templates and settings.
    /// The pages come back in catalogue order, and every failing course is reported, in that order.
    /// </summary>
    public static IReadOnlyList<GeneratedPage> Run(SiteContext site)
    {
        var (perCourse, errors) = ContentBatch.Run(site.Courses, course => PagesOf(site, course).ToList());
        if (errors.Count > 0)
            throw new ContentException(errors);
        return [.. perCourse.SelectMany(pages => pages)];
    }

    private static IEnumerable<GeneratedPage> PagesOf(SiteContext site, CourseView course)
    {
        var meta = new PageMeta(course.Course.Title, course.Course.Description, course.Url)
        {
            OgType = "article",
            JsonLd = StructuredData.ForCourse(course, site.Settings),
        };
        var model = site.Model(meta);
        model["Course"] = course;
        var body = site.Templates.RenderTheme(course.Layout ?? CourseLayout, model);
        QualiopiCheck.Verify(course, body);
        yield return site.Write(meta, body, course.Course.Updated);

        // The enrolment and intra request pages are indexed and in the sitemap: « inscription formation MONALISA Lyon »
        // is a search a visitor makes. Only the pages after a request (confirmations, cancelled payment) and the 404 say
        // noindex.
        foreach (var session in course.Sessions)
        {
            var enrolMeta = new PageMeta($"Inscription — {course.Course.Title}, {session.Dates}, {session.Session.City}",
                $"Inscription à la session {session.Dates} à {session.Session.City} de la formation « {course.Course.Title} ».",
                session.EnrolUrl) { HasForm = true };
            var enrolModel = site.Model(enrolMeta);
            enrolModel["Course"] = course;
            enrolModel["Session"] = session;
            enrolModel["TraineeRows"] = TraineeRow.ForForm;
            // The contract names the person, so it is not written here: the form asks the API for it (contracts/preview).
            // Online self-funded enrolment closes 12 days before the start (L6353-5/6): shown from the build date, checked
            // again by the script from the visitor's date (the page may be older), and decided by the server at submission.
            var lastDay = InstalmentSchedule.LastOnlineSigningDay(session.Session.Start);
            enrolModel["SelfFundedLastDay"] = lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            enrolModel["SelfFundedClosed"] = site.Options.Today > lastDay;
            enrolModel["ContractRule"] = new ContractRule();
            yield return site.Write(enrolMeta, site.Templates.RenderTheme(EnrolmentTemplate, enrolModel));
        }

        if (course.Course.Modes.Contains(TrainingMode.Intra))
        {
            var intraMeta = new PageMeta($"Demande de session intra — {course.Course.Title}",
                $"Demandez la formation « {course.Course.Title} » dans votre organisme, pour votre équipe.",
                course.IntraUrl) { HasForm = true };
            var intraModel = site.Model(intraMeta);
            intraModel["Course"] = course;
            yield return site.Write(intraMeta, site.Templates.RenderTheme(IntraTemplate, intraModel));
        }
    }
}

/// <summary>The schedule rule's numbers, for the enrolment form's text.</summary>
internal sealed class ContractRule
{
    public int WithdrawalDays => InstalmentSchedule.WithdrawalDays;
    public int FirstChargeDay => InstalmentSchedule.FirstChargeDay;
    public int FirstPercent => InstalmentSchedule.FirstInstalmentPercent;
    /// <summary>Online self-funded enrolment closes when the session starts in fewer days than this (day 12).</summary>
    public int OnlineClosingDays => InstalmentSchedule.FirstChargeDay + 1;
}

/// <summary>A trainee row of the enrolment form. Without JavaScript the form shows three; only the first is required.</summary>
internal sealed record TraineeRow(int Index, int Number, bool Required)
{
    public const int RowsWithoutScript = 3;

    public static IReadOnlyList<TraineeRow> ForForm { get; } =
        [.. Enumerable.Range(0, RowsWithoutScript).Select(i => new TraineeRow(i, i + 1, i == 0))];
}
