using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Privacy;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Privacy;

/// <summary>
/// What is stored about one person, as the JSON file staff send them (RGPD, article 15): each enrolment they are in,
/// as payer or trainee, with only their own data (not the other trainees'), each intra request they sent, and what an
/// erasure would keep and why. French names: the file is for the person.
/// </summary>
internal sealed record PersonExport(
    [property: JsonPropertyName("adresse")] string Email,
    [property: JsonPropertyName("exporteLe")] DateTimeOffset ExportedAt,
    [property: JsonPropertyName("responsableDuTraitement")] string Controller,
    [property: JsonPropertyName("dureeDeConservation")] string Retention,
    [property: JsonPropertyName("inscriptions")] IReadOnlyList<PersonExport.EnrolmentPart> Enrolments,
    [property: JsonPropertyName("demandesIntra")] IReadOnlyList<PersonExport.IntraPart> IntraRequests,
    [property: JsonPropertyName("conserveApresEffacement")] IReadOnlyList<string> KeptAfterErasure)
{
    /// <summary>The attestations and certificats de réalisation issued to this person as a trainee (issue 18).</summary>
    [JsonPropertyName("attestationsEtCertificats")] public IReadOnlyList<CertificatePart>? Certificates { get; init; }

    internal sealed record CertificatePart(
        [property: JsonPropertyName("inscription")] string EnrolmentId,
        [property: JsonPropertyName("session")] string SessionId,
        [property: JsonPropertyName("document")] string Kind,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("heuresSuivies")] string HoursAttended,
        [property: JsonPropertyName("emisLe")] DateTimeOffset IssuedAt);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal sealed record EnrolmentPart(
        [property: JsonPropertyName("inscription")] string Id,
        [property: JsonPropertyName("formation")] string Course,
        [property: JsonPropertyName("session")] string Session,
        [property: JsonPropertyName("etat")] string State,
        [property: JsonPropertyName("recueLe")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("payeur")] PayerPart? Payer,
        [property: JsonPropertyName("stagiaires")] IReadOnlyList<TraineePart> Trainees,
        [property: JsonPropertyName("montantTotal")] string? Total,
        [property: JsonPropertyName("contratAccepteLe")] DateTimeOffset? ContractAcceptedAt)
    {
        /// <summary>The invoices and credit notes issued to this payer for the enrolment (the ledger keeps them as issued).</summary>
        [JsonPropertyName("factures")] public IReadOnlyList<DocumentPart>? Documents { get; init; }
    }

    /// <summary>The person's attendance records (émargement), half-day by half-day, as a trainee.</summary>
    [JsonPropertyName("emargement")] public IReadOnlyList<AttendancePart>? Attendance { get; init; }

    internal sealed record AttendancePart(
        [property: JsonPropertyName("session")] string Session,
        [property: JsonPropertyName("demiJournee")] string HalfDay,
        [property: JsonPropertyName("signeLe")] DateTimeOffset? SignedAt,
        [property: JsonPropertyName("moyen")] string? Means,
        [property: JsonPropertyName("empreinteDeclaration")] string? StatementSha256,
        [property: JsonPropertyName("empreinteNavigateur")] string? UserAgentSha256,
        [property: JsonPropertyName("noteDuFormateur")] string? Mark,
        [property: JsonPropertyName("presenceRetenue")] string? Published,
        [property: JsonPropertyName("minutes")] int? Minutes,
        [property: JsonPropertyName("corrections")] IReadOnlyList<string> Corrections);

    internal sealed record DocumentPart(
        [property: JsonPropertyName("numero")] string Number,
        [property: JsonPropertyName("nature")] string Kind,
        [property: JsonPropertyName("montant")] string Amount,
        [property: JsonPropertyName("emisLe")] DateTimeOffset IssuedAt);

    internal sealed record PayerPart(
        [property: JsonPropertyName("nom")] string Name,
        [property: JsonPropertyName("adresseElectronique")] string Email,
        [property: JsonPropertyName("adressePostale")] string? PostalAddress,
        [property: JsonPropertyName("siret")] string? Siret,
        [property: JsonPropertyName("bonDeCommande")] string? PurchaseOrder,
        [property: JsonPropertyName("besoinsAccessibilite")] string? AccessibilityNeeds,
        [property: JsonPropertyName("paye")] string Paid,
        [property: JsonPropertyName("rembourse")] string Refunded);

    internal sealed record TraineePart(
        [property: JsonPropertyName("prenom")] string FirstName,
        [property: JsonPropertyName("nom")] string LastName,
        [property: JsonPropertyName("adresseElectronique")] string Email,
        [property: JsonPropertyName("telephone")] string? Phone,
        [property: JsonPropertyName("organisme")] string? Organisation,
        [property: JsonPropertyName("fonction")] string? JobTitle,
        [property: JsonPropertyName("categorie")] string Category,
        [property: JsonPropertyName("associationDeclaree")] string? VolunteerAssociation);

    internal sealed record IntraPart(
        [property: JsonPropertyName("demande")] string Id,
        [property: JsonPropertyName("recueLe")] DateTimeOffset ReceivedAt,
        [property: JsonPropertyName("organisme")] string Organisation,
        [property: JsonPropertyName("contact")] string ContactName,
        [property: JsonPropertyName("adresseElectronique")] string Email,
        [property: JsonPropertyName("telephone")] string? Phone,
        [property: JsonPropertyName("message")] string? Message);

    /// <summary>The questionnaires sent to the person (Surveys), and whether they answered; the answers themselves hold no name.</summary>
    [JsonPropertyName("questionnaires")] public IReadOnlyList<SurveyPart>? Questionnaires { get; init; }

    internal sealed record SurveyPart(
        [property: JsonPropertyName("questionnaire")] string Survey,
        [property: JsonPropertyName("session")] string Session,
        [property: JsonPropertyName("envoyeLe")] DateTimeOffset SentAt,
        [property: JsonPropertyName("repondu")] bool Answered);

    public static PersonExport Of(PersonFile file, CourseCatalogue catalogue, DateTimeOffset now, int retentionMonths)
    {
        var kept = new List<string>();
        var enrolments = file.Enrolments.Select(e =>
        {
            var record = e.Stored.Record;
            // What an erasure would keep, asked of the domain as if the session were over.
            if (PersonalData.Erase(record, file.Email, DateTimeOffset.MaxValue) is Erasure.Erased would) kept.AddRange(would.Kept);
            var money = EnrolmentMoney.Of(record);
            return new EnrolmentPart(
                record.Id,
                catalogue.FindCourse(record.CourseSlug)?.Title ?? record.CourseSlug,
                record.SessionId,
                StateNames.French(record.State),
                record.CreatedAt,
                e.Roles.Payer
                    ? new PayerPart(record.Payer.Name, record.Payer.Email, record.Payer.PostalAddress?.ToString() ?? record.Payer.Address, record.Payer.Siret,
                        record.Payer.PurchaseOrder, record.AccessibilityNeeds, Domain.Text.FrenchFormat.EurosFromCents(money.PaidCents), Domain.Text.FrenchFormat.EurosFromCents(money.RefundedCents))
                    : null,
                [.. e.Roles.Trainees.Select(i => record.Trainees[i]).Select(t => new TraineePart(t.FirstName, t.LastName, t.Email, t.Phone, t.Organisation, t.JobTitle,
                    t.Category == TraineeCategory.Volunteer ? "bénévole" : "professionnel", t.VolunteerDeclaration?.Association))],
                e.Roles.Payer ? Domain.Text.FrenchFormat.EurosFromCents(record.TotalCents) : null,
                e.Roles.Payer ? record.ContractAcceptedAt : null)
            {
                Documents = e.Roles.Payer && record.Documents.Count > 0
                    ? [.. record.Documents.Select(d => new DocumentPart(d.Number, d.Kind == Domain.Invoicing.DocumentKind.Invoice ? "facture" : "avoir",
                        Domain.Text.FrenchFormat.EurosFromCents(d.GrossCents), d.IssuedAt))]
                    : null,
            };
        }).ToList();
        var intra = file.IntraRequests.Select(r => new IntraPart(r.Record.Id, r.Record.ReceivedAt, r.Record.Request.Organisation, r.Record.Request.ContactName,
            r.Record.Request.Email, r.Record.Request.Phone, r.Record.Request.Message)).ToList();
        var settings = SiteSettings.LoadEmbedded();
        return new PersonExport(file.Email, now, settings.Legal.Name, PrivacyTexts.Retention(retentionMonths), enrolments, intra, PrivacyTexts.Kept(kept));
    }
}
