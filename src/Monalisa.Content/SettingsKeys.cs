namespace Monalisa.Content;

/// <summary>Keys of site/settings.yml, declared once (PascalCase, as the front-matter keys).</summary>
public static class SettingsKeys
{
    public const string FileName = "settings.yml";

    /// <summary>The name under which Monalisa.Content embeds site/settings.yml for the functions.</summary>
    public const string ResourceName = FileName;

    public const string SiteName = nameof(SiteName);
    public const string BaseUrl = nameof(BaseUrl);
    public const string ApiBaseUrl = nameof(ApiBaseUrl);
    public const string Contact = nameof(Contact);
    public const string StaffEmail = nameof(StaffEmail);
    public const string AccessDelay = nameof(AccessDelay);
    public const string Accessibility = nameof(Accessibility);
    public const string TrainersQualifications = nameof(TrainersQualifications);
    public const string Legal = nameof(Legal);
    public const string Enrolment = nameof(Enrolment);
    public const string Brand = nameof(Brand);
    public const string ClosesDaysBefore = nameof(ClosesDaysBefore);
    public const string Vat = nameof(Vat);
    public const string Logo = nameof(Logo);
    public const string Colour = nameof(Colour);
    public const string LinkColour = nameof(LinkColour);

    public const string Name = nameof(Name);
    public const string Email = nameof(Email);
    public const string Phone = nameof(Phone);
    public const string Statement = nameof(Statement);
    public const string Address = nameof(Address);
    public const string Siret = nameof(Siret);
    public const string TrainingDeclaration = nameof(TrainingDeclaration);
    public const string Publisher = nameof(Publisher);
    public const string Host = nameof(Host);
    public const string VatNumber = nameof(VatNumber);
    public const string Representative = nameof(Representative);
    public const string City = nameof(City);

    public const string Invoicing = nameof(Invoicing);
    public const string VatRate = nameof(VatRate);
    public const string VatExemption = nameof(VatExemption);
    public const string PaymentDays = nameof(PaymentDays);
    public const string LatePenaltyRate = nameof(LatePenaltyRate);
    public const string BankDetails = nameof(BankDetails);
    public const string PublicBodiesAfterSession = nameof(PublicBodiesAfterSession);
    public const string InvoicePrefix = nameof(InvoicePrefix);
    public const string CreditNotePrefix = nameof(CreditNotePrefix);

    /// <summary>The mark of a value the team has yet to fill in: a legal fact carrying it counts as missing.</summary>
    public const string ToComplete = "à compléter";
}
