using System.Globalization;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;

namespace Monalisa.Functions.Email;

/// <summary>French labels of names and enums, for emails and the staff export (dates and amounts: <see cref="FrenchFormat"/>).</summary>
internal static class FrenchText
{
    public static readonly CultureInfo French = FrenchFormat.Culture;

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
