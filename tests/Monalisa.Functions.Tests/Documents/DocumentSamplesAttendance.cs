using Monalisa.Content;
using Monalisa.Domain.Attendance;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Documents;

/// <summary>
/// The sample attendance sheet (feuille d'émargement) that scripts/document-screenshots.sh turns into
/// docs/screenshots/feuille-emargement-page-1.png (its filter « Documents.DocumentSamples » runs this class too), printed
/// as the app prints it: the 2-day course, two trainees who sign on their phones, one of them absent the last afternoon,
/// each half-day countersigned by the trainer.
/// </summary>
public sealed class DocumentSamplesAttendance
{
    [Fact]
    public void The_sample_attendance_sheet_is_printed_for_the_screenshots()
    {
        Directory.CreateDirectory(DocumentSamples.Folder);
        var course = CourseContent.LoadEmbeddedCatalogue().Courses[0];
        var session = course.Sessions[0];
        var halfDays = HalfDay.Of(course, session);
        SessionTrainee[] trainees = [new("e-1", "t-claire", "Claire", "Dubois"), new("e-1", "t-karim", "Karim", "Benali")];
        var absent = halfDays[^1];
        var sheets = halfDays.Select(h => new HalfDaySheet(h.Id)
        {
            OpenedAt = h.StartsAt.AddMinutes(-5),
            OpenedBy = "Alex Formateur",
            Signatures = [.. trainees.Where(t => h != absent || t.TraineeKey != "t-karim").Select((t, i) => new AttendanceSignature(
                t.TraineeKey, t.EnrolmentId, h.StartsAt.AddMinutes(3 + i), SigningMeans.OwnDevice,
                AttendanceWriter.Sha256(AttendanceWriter.Statement(course, h, t.FullName)), AttendanceWriter.Sha256("sample user agent")))],
            Countersignature = new Countersignature("Alex Formateur", "Alex Formateur", h.EndsAt.AddMinutes(-10)),
        }).ToList();
        var printedAt = absent.EndsAt.AddDays(1);
        var markdown = AttendanceWriter.Sheet(course, session, halfDays, trainees, sheets, [], printedAt);
        var pdf = new PdfWriter().Write(markdown, new PdfProperties($"Feuille d'émargement — {course.Title}", "Exemple", printedAt));
        File.WriteAllBytes(Path.Combine(DocumentSamples.Folder, "feuille-emargement.pdf"), pdf);

        var text = PdfText.Read(pdf).Flat;
        Assert.Contains("Claire Dubois", text);
        Assert.Contains("Karim Benali", text);
        Assert.Contains("Alex Formateur", text);
    }
}
