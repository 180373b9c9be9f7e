using System.Net.Mail;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Validation;
using M = Monalisa.Domain.Enrolment.EnrolmentMessages;

namespace Monalisa.Domain.Enrolment;

public abstract record ValidationOutcome<T>
{
    public sealed record Valid(T Value) : ValidationOutcome<T>;
    public sealed record Invalid(FieldErrors Errors) : ValidationOutcome<T>;
}

/// <summary>
/// Checks an enrolment submission field by field. Field names are the form's and the JSON's
/// (<c>trainees[1].email</c>, <c>payer.name</c>), so the site can put each message next to its field.
/// </summary>
public static class EnrolmentValidator
{
    /// <param name="staffContact">The training contact's address, named when online enrolment is closed to a self-funded trainee.</param>
    public static ValidationOutcome<EnrolmentRequest> Validate(EnrolmentSubmission submission, CourseCatalogue catalogue, DateOnly today, string? staffContact = null)
    {
        // The steps run in the form's order, so the field errors come back in that order.
        var errors = new FieldErrors();
        var session = ValidateSession(submission.SessionId, catalogue, today, errors);
        var trainees = ValidateTrainees(submission.Trainees, errors);
        var kind = ParsePayerKind(submission.Payer?.Kind);
        var payer = ValidatePayer(submission.Payer, kind, trainees, errors);
        var method = ParsePaymentMethod(submission.PaymentMethod);
        var waitingList = submission.WaitingList == true;
        ValidatePaymentChoice(submission, method, waitingList, kind, payer, trainees, errors);
        // L6353-5/6: a session that starts before the withdrawal period and the first charge are over could be attended
        // and then withdrawn from without paying anything; such a trainee enrols through staff, not online.
        if (kind == PayerKind.Individual && method == PaymentMethod.Card && !waitingList && session is not null
            && !InstalmentSchedule.IsOpenOnline(today, session.Start))
            errors.Add("payer.kind", M.SelfFundedTooSoonWith(staffContact));
        if (submission.PrerequisitesConfirmed != true) errors.Add("prerequisitesConfirmed", M.PrerequisitesRequired);
        if (submission.Consent != true) errors.Add("consent", M.ConsentRequired);
        var needs = Limited(submission.AccessibilityNeeds, FieldLimits.LongText, "accessibilityNeeds", errors);

        if (errors.Any || session is null || payer is null)
            return new ValidationOutcome<EnrolmentRequest>.Invalid(errors);
        return new ValidationOutcome<EnrolmentRequest>.Valid(
            new EnrolmentRequest(session.Id, trainees, payer, method ?? PaymentMethod.Invoice, needs, waitingList)
            {
                ContractVersion = Text(submission.ContractVersion),
            });
    }

    private static CourseSession? ValidateSession(string? submitted, CourseCatalogue catalogue, DateOnly today, FieldErrors errors)
    {
        var sessionId = Text(submitted);
        if (sessionId is null) { errors.Add("sessionId", M.SessionRequired); return null; }
        if (catalogue.FindSession(sessionId) is not { } found) { errors.Add("sessionId", M.SessionUnknown); return null; }
        var session = found.Session;
        if (session.StatusOn(today, seatsLeft: 1, catalogue.Deadline) is SessionStatus.Closed or SessionStatus.Past)
            errors.Add("sessionId", M.SessionClosed);
        return session;
    }

    private static PaymentMethod? ParsePaymentMethod(string? submitted) => Text(submitted) switch
    {
        "card" => PaymentMethod.Card,
        "invoice" => PaymentMethod.Invoice,
        _ => null,
    };

    /// <summary>Whether the payer may pay this way; a waiting-list request pays nothing yet, so it chooses no method.</summary>
    private static void ValidatePaymentChoice(EnrolmentSubmission submission, PaymentMethod? method, bool waitingList, PayerKind? kind, Payer? payer,
        List<Trainee> trainees, FieldErrors errors)
    {
        if (method is null && !waitingList) errors.Add("paymentMethod", M.PaymentMethodRequired);
        if (kind == PayerKind.Individual && !waitingList)
        {
            if (method == PaymentMethod.Invoice) errors.Add("paymentMethod", M.InvoiceForOrganisationsOnly);
            else if (method == PaymentMethod.Card)
            {
                // L6353-3: a written contract, accepted before the enrolment is final. The server checks the version (hash).
                if (submission.ContractAccepted != true) errors.Add("contractAccepted", M.ContractAcceptanceRequired);
                if (submission.Trainees?.Count(t => t is not null && !t.IsBlank) > 1) errors.Add("trainees", M.SelfFundedOneTrainee);
            }
        }
        // Every invoice names the buyer's billing address (CGI 242 nonies A), whatever the payment method.
        if (payer?.Kind == PayerKind.Organisation && string.IsNullOrWhiteSpace(payer.Address))
            errors.Add("payer.address", M.PayerAddressRequired);
        // Chorus Pro takes invoices only: a public body never pays by card here.
        if (IsPublicBody(submission.Payer?.Kind) && method == PaymentMethod.Card && !waitingList)
            errors.Add("paymentMethod", M.PublicBodyInvoiceOnly);
    }

    private static List<Trainee> ValidateTrainees(IReadOnlyList<TraineeSubmission>? submitted, FieldErrors errors)
    {
        var trainees = new List<Trainee>();
        var rows = submitted ?? [];
        if (rows.Count(r => r is not null && !r.IsBlank) == 0)
        {
            errors.Add("trainees", M.TraineesRequired);
            return trainees;
        }
        if (rows.Count > FieldLimits.MaxTraineesPerEnrolment)
        {
            errors.Add("trainees", M.TooManyTrainees);
            return trainees;
        }

        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            // Blank rows are the form's spare rows, left empty.
            if (row is null || row.IsBlank) continue;
            var field = $"trainees[{i}]";
            var first = Required(row.FirstName, FieldLimits.Name, $"{field}.firstName", M.FirstNameRequired, errors);
            var last = Required(row.LastName, FieldLimits.Name, $"{field}.lastName", M.LastNameRequired, errors);
            var email = Email(row.Email, $"{field}.email", M.EmailRequired, errors);
            if (email is not null && !emails.Add(email)) errors.Add($"{field}.email", M.EmailDuplicate);
            var phone = Phone(row.Phone, $"{field}.phone", errors);
            var organisation = Limited(row.Organisation, FieldLimits.Organisation, $"{field}.organisation", errors);
            var jobTitle = Limited(row.JobTitle, FieldLimits.JobTitle, $"{field}.jobTitle", errors);
            var category = QuoteCategories.Parse(Text(row.Category));
            if (category is null) errors.Add($"{field}.category", M.CategoryRequired);
            var declaration = category == TraineeCategory.Volunteer ? Declaration(row, field, errors) : null;
            if (first is not null && last is not null && email is not null && category is not null
                && (category != TraineeCategory.Volunteer || declaration is not null))
                trainees.Add(new Trainee(first, last, email, phone, organisation, jobTitle, category.Value) { VolunteerDeclaration = declaration });
        }
        return trainees;
    }

    /// <summary>
    /// The reduced rate is self-declared: each volunteer's « déclaration sur l'honneur » (ticked) and association (named).
    /// Its time is the submission's, stamped by the caller (<see cref="EnrolmentRequest.TraineesDeclaredAt"/>).
    /// </summary>
    private static VolunteerDeclaration? Declaration(TraineeSubmission row, string field, FieldErrors errors)
    {
        if (row.VolunteerDeclared != true) errors.Add($"{field}.volunteerDeclared", M.VolunteerDeclarationRequired);
        var association = Required(row.VolunteerAssociation, FieldLimits.Organisation, $"{field}.volunteerAssociation", M.VolunteerAssociationRequired, errors);
        return row.VolunteerDeclared == true && association is not null ? new VolunteerDeclaration(association, default) : null;
    }

    private static PayerKind? ParsePayerKind(string? submitted) => Text(submitted) switch
    {
        "organisation" => PayerKind.Organisation,
        "individual" => PayerKind.Individual,
        "public" => PayerKind.Organisation,
        _ => null,
    };

    private static Payer? ValidatePayer(PayerSubmission? submitted, PayerKind? kind, List<Trainee> trainees, FieldErrors errors)
    {
        var payer = submitted ?? new PayerSubmission();
        if (kind is null) errors.Add("payer.kind", M.PayerKindRequired);
        if (kind == PayerKind.Individual) return SelfPayer(payer, trainees, errors);
        var name = Required(payer.Name, FieldLimits.Organisation, "payer.name", M.PayerNameRequired, errors);
        var email = Email(payer.Email, "payer.email", M.PayerEmailRequired, errors);
        var address = Limited(payer.Address, FieldLimits.Address, "payer.address", errors);
        var siret = Text(payer.Siret)?.Replace(" ", "", StringComparison.Ordinal);
        if (siret is not null && (siret.Length != 14 || !siret.All(char.IsAsciiDigit))) errors.Add("payer.siret", M.SiretInvalid);
        var order = Limited(payer.PurchaseOrder, FieldLimits.Reference, "payer.purchaseOrder", errors);
        var vatNumber = VatNumber(payer.VatNumber, errors);
        var publicBody = IsPublicBody(payer.Kind) ? PublicBody(payer, siret, errors) : null;
        return kind is null || name is null || email is null ? null
            : new Payer(kind.Value, name, email, address, siret, order) { VatNumber = vatNumber, PublicBody = publicBody };
    }

    /// <summary>« Organisme public » is an organisation invoiced through Chorus Pro: the form's third payer kind.</summary>
    private static bool IsPublicBody(string? kind) => Text(kind) == "public";

    /// <summary>
    /// Chorus Pro finds the recipient by SIRET, so it is required. Whether its directory also requires a service code or a
    /// commitment number is checked on the server against the directory itself (<see cref="PublicBuyerRequirements"/>).
    /// </summary>
    private static PublicBuyer PublicBody(PayerSubmission payer, string? siret, FieldErrors errors)
    {
        if (Text(payer.Siret) is null) errors.Add("payer.siret", M.PublicBodySiretRequired);
        var serviceCode = Limited(payer.ServiceCode, FieldLimits.Reference, "payer.serviceCode", errors);
        var commitment = Limited(payer.CommitmentNumber, FieldLimits.Reference, "payer.commitmentNumber", errors);
        return new PublicBuyer(serviceCode, commitment);
    }

    /// <summary>An intra-community VAT number, spaces removed and upper-cased: a country prefix then 2 to 13 letters or digits; a French one is FR, a 2-character key and the 9-digit SIREN.</summary>
    private static string? VatNumber(string? submitted, FieldErrors errors)
    {
        var text = Text(submitted)?.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
        if (text is null) return null;
        var valid = text.Length is >= 4 and <= 15 && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1])
            && text[2..].All(char.IsAsciiLetterOrDigit)
            && (!text.StartsWith("FR", StringComparison.Ordinal) || (text.Length == 13 && text[4..].All(char.IsAsciiDigit)));
        if (!valid) { errors.Add("payer.vatNumber", M.VatNumberInvalid); return null; }
        return text;
    }

    /// <summary>
    /// « Le stagiaire lui-même »: the payer is the (one) trainee, so their name and email are the trainee's, and no
    /// organisation, SIRET or purchase order applies (what the form sends there is ignored). The contract names the
    /// person, so their postal address is asked for, field by field.
    /// </summary>
    private static Payer? SelfPayer(PayerSubmission payer, List<Trainee> trainees, FieldErrors errors)
    {
        var address = ValidatePostalAddress(payer, errors);
        if (trainees.Count == 0 || address is null) return null;
        var trainee = trainees[0];
        return new Payer(PayerKind.Individual, $"{trainee.FirstName} {trainee.LastName}", trainee.Email, address.ToString(), null, null)
        {
            PostalAddress = address,
        };
    }

    /// <summary>
    /// The person a self-funded contract names, from the first trainee row and the payer's address: what the form's
    /// contract preview needs before the rest of the form is filled. Errors use the form's field names.
    /// </summary>
    public static ValidationOutcome<ContractTrainee> ValidateContractTrainee(EnrolmentSubmission submission)
    {
        var errors = new FieldErrors();
        var row = submission.Trainees is { Count: > 0 } rows && rows[0] is { } first ? first : new TraineeSubmission();
        var firstName = Required(row.FirstName, FieldLimits.Name, "trainees[0].firstName", M.FirstNameRequired, errors);
        var lastName = Required(row.LastName, FieldLimits.Name, "trainees[0].lastName", M.LastNameRequired, errors);
        var category = QuoteCategories.Parse(Text(row.Category));
        if (category is null) errors.Add("trainees[0].category", M.CategoryRequired);
        var address = ValidatePostalAddress(submission.Payer ?? new PayerSubmission(), errors);
        return firstName is null || lastName is null || category is null || address is null
            ? new ValidationOutcome<ContractTrainee>.Invalid(errors)
            : new ValidationOutcome<ContractTrainee>.Valid(new ContractTrainee(firstName, lastName, address, category.Value));
    }

    /// <summary>The self-funded trainee's street, postcode (5 digits, France) and city, each with its own message.</summary>
    public static PostalAddress? ValidatePostalAddress(PayerSubmission payer, FieldErrors errors)
    {
        var street = Required(payer.Street, FieldLimits.Address, "payer.street", M.StreetRequired, errors);
        var postalCode = Text(payer.PostalCode)?.Replace(" ", "", StringComparison.Ordinal);
        if (postalCode is null) errors.Add("payer.postalCode", M.PostalCodeRequired);
        else if (postalCode.Length != 5 || !postalCode.All(char.IsAsciiDigit)) { errors.Add("payer.postalCode", M.PostalCodeInvalid); postalCode = null; }
        var city = Required(payer.City, FieldLimits.Name, "payer.city", M.CityRequired, errors);
        return street is null || postalCode is null || city is null ? null : new PostalAddress(street, postalCode, city);
    }

    public static string? Text(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    public static string? Required(string? value, int max, string field, string missing, FieldErrors errors)
    {
        var text = Text(value);
        if (text is null) errors.Add(field, missing);
        else if (text.Length > max || HasControlCharacters(text)) { errors.Add(field, text.Length > max ? M.TooLong : M.InvalidCharacters); return null; }
        return text;
    }

    public static string? Limited(string? value, int max, string field, FieldErrors errors)
    {
        var text = Text(value);
        if (text is not null && text.Length > max) { errors.Add(field, M.TooLong); return null; }
        return text?.Replace("\0", "", StringComparison.Ordinal);
    }

    public static string? Email(string? value, string field, string missing, FieldErrors errors)
    {
        var text = Text(value);
        if (text is null) { errors.Add(field, missing); return null; }
        text = EmailNormalisation.Normalise(text, out var hidden);
        if (text is null) { errors.Add(field, hidden!); return null; }
        if (!IsEmail(text)) { errors.Add(field, M.EmailInvalid); return null; }
        return text;
    }

    public static string? Phone(string? value, string field, FieldErrors errors)
    {
        var text = Text(value);
        if (text is null) return null;
        if (text.Length > FieldLimits.Phone || !text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '.' or '-' or '(' or ')') || text.Count(char.IsAsciiDigit) < 6)
        {
            errors.Add(field, M.PhoneInvalid);
            return null;
        }
        return text;
    }

    /// <summary>A plain address, user@domain.tld, as a person types it (no display name, no comments, no spaces).</summary>
    public static bool IsEmail(string text)
    {
        if (text.Length > FieldLimits.Email || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';'))
            return false;
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.IndexOf('@') != at) return false;
        var domain = text[(at + 1)..];
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal)) return false;
        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }

    private static bool HasControlCharacters(string text) => text.Any(char.IsControl);
}
