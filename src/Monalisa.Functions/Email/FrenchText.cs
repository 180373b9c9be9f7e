using System.Globalization;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Payments;

namespace Monalisa.Functions.Email;

/// <summary>Amounts, dates and names as French readers expect them, in one place for emails and the staff export.</summary>
internal static class FrenchText
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string Euros(decimal amount) => amount.ToString(amount == decimal.Truncate(amount) ? "#,##0" : "#,##0.00", French) + " €";

    public static string Euros(long cents) => Euros(Money.FromCents(cents));

    public static string Dates(CourseSession session) => CheckoutText.Dates(session);

    public static string Hours(DailySchedule schedule) => $"{Time(schedule.Start)} à {Time(schedule.End)}";

    public static string Time(TimeOnly time) => time.Minute == 0 ? $"{time.Hour} h" : $"{time.Hour} h {time.Minute:D2}";

    public static string DateTime(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Paris);
        return local.ToString("d MMMM yyyy 'à' HH'h'mm", French);
    }

    public static string Trainees(int count) => count == 1 ? "1 stagiaire" : $"{count} stagiaires";

    public static string FullName(Trainee trainee) => $"{trainee.FirstName} {trainee.LastName}";

    public static string Category(TraineeCategory category) => category switch
    {
        TraineeCategory.Professional => "Professionnel",
        TraineeCategory.Volunteer => "Bénévole",
        _ => category.ToString(),
    };

    public static string PaymentMethod(PaymentMethod method) => method switch
    {
        Domain.Enrolment.PaymentMethod.Card => "Carte bancaire (Stripe)",
        Domain.Enrolment.PaymentMethod.Invoice => "Sur facture (virement ou mandat administratif)",
        _ => method.ToString(),
    };

    public static string PayerKind(PayerKind kind) => kind == Domain.Enrolment.PayerKind.Organisation ? "Structure" : "Particulier";

    /// <summary>A typed value fit for a one-line header: no line breaks or control characters, bounded length.</summary>
    public static string OneLine(string? value, int max = 80)
    {
        var clean = new string((value ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= max ? clean : clean[..(max - 1)] + "…";
    }
}
