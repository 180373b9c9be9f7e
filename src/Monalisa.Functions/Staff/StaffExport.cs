using Monalisa.Functions.Http;
using System.Globalization;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Email;
using Monalisa.Functions.Enrolment;
using static Monalisa.Functions.Email.FrenchText;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Staff;

/// <summary>One session's enrolments for staff: one line per trainee, with state, amounts, payer and email status.</summary>
internal sealed class StaffExport(EnrolmentStore enrolments, OutboxStore outbox, CourseCatalogue catalogue)
{
    public static readonly string[] Headers =
    [
        "Inscription", "État", "Session", "Stagiaire", "E-mail du stagiaire", "Téléphone du stagiaire", "Structure du stagiaire",
        "Catégorie", "Montant du stagiaire", "Payeur", "E-mail du payeur", "Moyen de paiement", "Total de l'inscription",
        "Montant payé", "Payé le", "Référence du paiement", "À traiter", "E-mails envoyés", "E-mails en échec",
        "E-mails en attente", "Enregistrée le", "Bénévole de (déclaration sur l'honneur)", "Déclaration faite le",
        "Tarif bénévole à valider", "Reste dû sur facture", "Remboursé",
    ];

    /// <summary>Null when the id is not a session id (the catalogue may have dropped the session; its enrolments still export).</summary>
    public async Task<byte[]?> CsvAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (!IsSessionId(sessionId)) return null;
        var all = await enrolments.ForSessionAsync(sessionId, cancellationToken);
        if (all.Count == 0 && catalogue.FindSession(sessionId) is null) return null;
        var counts = await outbox.CountsForSessionAsync(sessionId, cancellationToken);

        var csv = new CsvWriter().Row(Headers);
        foreach (var e in all)
        {
            var emails = counts.GetValueOrDefault(EnrolmentEntityMapping.RowKey(e), EmailCounts.None);
            // Paid and unpaid apart: a confirmed invoice is not money received (EnrolmentMoney).
            var money = Monalisa.Domain.Enrolment.EnrolmentMoney.Of(e);
            foreach (var t in e.Trainees)
            {
                var line = e.Lines.FirstOrDefault(l => l.Category == QuoteCategories.For(t.Category));
                csv.Row(
                    e.Id, StateNames.French(e.State), sessionId, FullName(t), t.Email, t.Phone, t.Organisation,
                    Category(t.Category), line is null ? "" : Amount(line.UnitPricePerDay * e.Days),
                    e.Payer.Name, e.Payer.Email, FrenchText.PaymentMethod(e.PaymentMethod), Amount(Money.FromCents(e.TotalCents)),
                    money.PaidCents > 0 ? Amount(Money.FromCents(money.PaidCents)) : "", e.PaidAt is { } at ? Stamp(at) : "",
                    e.PaymentReference, e.StaffAttention,
                    emails.Sent.ToString(CultureInfo.InvariantCulture), emails.Failed.ToString(CultureInfo.InvariantCulture),
                    emails.Pending.ToString(CultureInfo.InvariantCulture), Stamp(e.CreatedAt),
                    t.VolunteerDeclaration?.Association, t.VolunteerDeclaration is { } d ? Stamp(d.DeclaredAt) : "",
                    t.VolunteerDeclaration?.AwaitsApproval == true ? "à valider" : "",
                    money.UnpaidInvoicedCents > 0 ? Amount(Money.FromCents(money.UnpaidInvoicedCents)) : "",
                    money.RefundedCents > 0 ? Amount(Money.FromCents(money.RefundedCents)) : "");
            }
        }
        return csv.ToBytes();
    }

    /// <summary>A plain number with a decimal comma, so the spreadsheet can add it up.</summary>
    private static string Amount(decimal euros) => euros.ToString("0.00", French);

    private static string Stamp(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Monalisa.Domain.Catalogue.ParisTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static bool IsSessionId(string id) => id.Length is > 0 and <= 100 && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
