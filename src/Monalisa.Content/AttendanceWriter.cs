using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Fluid;
using Monalisa.Content.Text;
using Monalisa.Domain.Attendance;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Text;

namespace Monalisa.Content;

/// <summary>
/// The texts of the attendance sheet (émargement): the statement a trainee ticks to sign a half-day
/// (site/theme/legal/emargement-declaration.liquid, whose SHA-256 is kept with the signature) and the printable sheet
/// of a session (site/theme/legal/feuille-emargement.liquid, Markdown for the PDF writer).
/// </summary>
public static partial class AttendanceWriter
{
    private static readonly Lazy<IFluidTemplate> StatementTemplate = new(() => LegalTemplates.Parse("emargement-declaration.liquid"));
    private static readonly Lazy<IFluidTemplate> SheetTemplate = new(() => LegalTemplates.Parse("feuille-emargement.liquid"));
    private static readonly TemplateOptions Options = FrenchFilters.Options();

    /// <summary>« Je soussigné·e Anne Martin certifie être présent·e à la demi-journée du … » : one line, the same for the page and the hash.</summary>
    public static string Statement(Course course, HalfDay halfDay, string fullName)
    {
        var context = new TemplateContext(Options);
        context.SetValue("name", OneLine(fullName));
        context.SetValue("course", course.Title);
        context.SetValue("date", FrenchFormat.LongDate(halfDay.Date));
        context.SetValue("part", halfDay.PartLabel);
        context.SetValue("hours", FrenchFormat.Hours(halfDay.Start, halfDay.End));
        return Spaces().Replace(StatementTemplate.Value.Render(context), " ").Trim();
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The printable sheet of a session: each half-day, each trainee's record, the countersignature, the corrections.</summary>
    public static string Sheet(Course course, CourseSession session, IReadOnlyList<HalfDay> halfDays, IReadOnlyList<SessionTrainee> trainees,
        IReadOnlyList<HalfDaySheet> sheets, IReadOnlyList<AttendanceCorrection> corrections, DateTimeOffset printedAt)
    {
        var context = new TemplateContext(Options);
        context.SetValue("course", course);
        context.SetValue("session", session);
        context.SetValue("place", LegalTemplates.Place(session));
        context.SetValue("printed_at", FrenchFormat.DateTime(printedAt));
        string NameOf(string key) => OneLine(trainees.FirstOrDefault(t => t.TraineeKey == key)?.FullName ?? "(stagiaire retiré·e)");
        context.SetValue("half_days", halfDays.Select(h =>
        {
            var sheet = sheets.FirstOrDefault(s => s.HalfDayId == h.Id) ?? new HalfDaySheet(h.Id);
            return new
            {
                h.Id,
                Date = FrenchFormat.LongDate(h.Date),
                Part = h.PartLabel,
                Hours = FrenchFormat.Hours(h.Start, h.End),
                Duration = FrenchFormat.Duration(h.Minutes),
                OpenedAt = sheet.OpenedAt is { } opened ? FrenchFormat.DateTime(opened) : "",
                Countersigned = sheet.Countersignature is not null,
                TrainerName = OneLine(sheet.Countersignature?.TrainerName),
                CountersignedBy = OneLine(sheet.Countersignature?.By),
                CountersignedAt = sheet.Countersignature is { } c ? FrenchFormat.DateTime(c.At) : "",
                Trainees = trainees.Select(t =>
                {
                    var signature = sheet.SignatureOf(t.TraineeKey);
                    var mark = sheet.MarkOf(t.TraineeKey);
                    return new
                    {
                        Name = OneLine(t.FullName),
                        Signed = signature is not null,
                        SignedAt = signature is null ? "" : FrenchFormat.DateTime(signature.SignedAt),
                        Means = signature?.Means == SigningMeans.TrainerDevice ? "trainer" : "own",
                        Hash = signature?.StatementSha256[..12] ?? "",
                        Mark = mark?.Kind.ToString() ?? "",
                        MarkTime = mark?.Time is { } time ? FrenchFormat.Time(time) : "",
                    };
                }).ToList(),
                Corrections = corrections.Where(c => c.HalfDayId == h.Id).OrderBy(c => c.At).Select(c => new
                {
                    Name = NameOf(c.TraineeKey),
                    Kind = c.Kind.ToString(),
                    Time = c.Time is { } time ? FrenchFormat.Time(time) : "",
                    Reason = OneLine(c.Reason),
                    By = OneLine(c.By),
                    At = FrenchFormat.DateTime(c.At),
                }).ToList(),
            };
        }).ToList());
        return Tidy(SheetTemplate.Value.Render(context, MarkdownEncoder.Instance));
    }

    private static string OneLine(string? value) => string.Join(", ", (value ?? "").Split('\n', '\r').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
