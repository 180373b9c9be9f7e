namespace Monalisa.Domain.Enrolment;

/// <summary>
/// The French messages of enrolment and intra-request validation, written once. The API returns them per field;
/// the site generator publishes them to the forms' script, so the browser shows exactly the same words.
/// </summary>
public static class EnrolmentMessages
{
    public const string SessionRequired = "Choisissez une session.";
    public const string SessionUnknown = "Cette session n'existe pas ou n'est plus proposée.";
    public const string SessionClosed = "Les inscriptions à cette session sont closes.";
    public const string TraineesRequired = "Inscrivez au moins un stagiaire.";
    public const string TooManyTrainees = "Dix stagiaires au plus par inscription ; pour un groupe plus nombreux, demandez une session intra.";
    public const string FirstNameRequired = "Indiquez le prénom.";
    public const string LastNameRequired = "Indiquez le nom.";
    public const string EmailRequired = "Indiquez l'adresse e-mail.";
    public const string EmailInvalid = "Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).";
    public const string EmailDuplicate = "Cette adresse e-mail est déjà celle d'un autre stagiaire de cette inscription.";
    public const string EmailAlreadyEnrolled = "Cette personne est déjà inscrite à cette session.";
    public const string CategoryRequired = "Choisissez « professionnel » ou « bénévole ».";
    public const string VolunteerDeclarationRequired =
        "Le tarif bénévole demande une déclaration sur l'honneur : cochez la case pour ce stagiaire, ou choisissez « professionnel ».";
    public const string VolunteerAssociationRequired = "Indiquez l'association dont ce stagiaire est bénévole.";
    public const string PhoneInvalid = "Numéro de téléphone invalide (chiffres, espaces, +, points ou tirets).";
    public const string PayerKindRequired = "Indiquez qui règle la formation : l'organisme ou le stagiaire lui-même.";
    public const string PayerNameRequired = "Indiquez le nom de l'organisme qui règle la formation.";
    public const string PayerEmailRequired = "Indiquez l'adresse e-mail du payeur.";
    public const string PayerAddressRequired = "Indiquez l'adresse de facturation.";
    public const string StreetRequired = "Indiquez votre adresse postale (numéro et voie) : le contrat de formation la mentionne.";
    public const string PostalCodeRequired = "Indiquez votre code postal.";
    public const string PostalCodeInvalid = "Le code postal compte 5 chiffres (exemple : 75011).";
    public const string CityRequired = "Indiquez votre commune.";
    public const string SiretInvalid = "Le numéro SIRET compte 14 chiffres.";
    public const string PaymentMethodRequired = "Choisissez le mode de règlement : carte bancaire ou facture.";
    public const string InvoiceForOrganisationsOnly = "Le paiement sur facture est réservé aux organismes (employeur, association, collectivité).";
    public const string ContractAcceptanceRequired =
        "Lisez le contrat de formation et cochez la case pour l'accepter : la loi l'impose avant toute inscription d'un particulier à ses frais.";
    public const string ContractNotShown =
        "Le contrat de formation est établi à votre nom : remplissez vos prénom, nom, catégorie et adresse postale pour l'afficher, puis lisez-le et acceptez-le.";
    public const string ContractOutdated =
        "Le contrat de formation a changé depuis l'affichage de la page. Rechargez la page, relisez le contrat et acceptez-le à nouveau.";
    public const string SelfFundedOneTrainee =
        "Un particulier qui règle lui-même sa formation s'inscrit seul : un contrat par stagiaire.";
    public const string SelfFundedTooSoon =
        "Cette session commence dans moins de 12 jours : un particulier qui règle lui-même sa formation ne peut plus s'y inscrire en ligne, " +
        "car le délai de rétractation de 10 jours doit s'achever avant le début de la formation. Choisissez une session plus tardive ou écrivez à l'équipe formation.";

    /// <summary><see cref="SelfFundedTooSoon"/>, naming the training contact's address when the caller knows it.</summary>
    public static string SelfFundedTooSoonWith(string? contact) =>
        string.IsNullOrWhiteSpace(contact) ? SelfFundedTooSoon : $"{SelfFundedTooSoon.TrimEnd('.')} : {contact.Trim()}.";

    public const string PrerequisitesRequired = "Confirmez que les prérequis de la formation sont remplis.";
    public const string ConsentRequired = "Votre accord pour le traitement des données est nécessaire pour traiter la demande.";
    public const string TooLong = "Ce texte est trop long.";
    public const string InvalidCharacters = "Ce champ contient des caractères non autorisés.";
    public const string OrganisationRequired = "Indiquez le nom de l'organisme.";
    public const string ContactNameRequired = "Indiquez le nom de la personne à contacter.";
    public const string ParticipantsInvalid = "Indiquez un nombre de participants entre 1 et 100.";
    public const string CourseRequired = "Choisissez une formation.";
    public const string CourseUnknown = "Cette formation n'existe pas.";
    public const string IntraNotOffered = "Cette formation n'est pas proposée en intra.";
    // Public bodies, invoiced through Chorus Pro (issue 17).
    public const string PublicBodyInvoiceOnly = "Un organisme public règle sur facture, déposée sur Chorus Pro : choisissez « Facture ».";
    public const string PublicBodySiretRequired = "Indiquez le SIRET de l'organisme public : Chorus Pro l'identifie par ce numéro.";
    public const string PublicBodySiretUnknown =
        "Ce SIRET ne figure pas dans l'annuaire de Chorus Pro : vérifiez-le (celui de l'entité qui reçoit les factures, indiqué sur votre bon de commande).";
    public const string ServiceCodeRequired = "Cet organisme public exige un code service sur ses factures (annuaire Chorus Pro) : indiquez-le.";
    public const string CommitmentNumberRequired = "Cet organisme public exige un numéro d'engagement sur ses factures (annuaire Chorus Pro) : indiquez-le.";
    public const string ServiceCodeOrCommitmentRequired =
        "Cet organisme public exige un code service ou un numéro d'engagement sur ses factures (annuaire Chorus Pro) : indiquez au moins l'un des deux.";
    public const string VatNumberInvalid = "Numéro de TVA intracommunautaire invalide (exemple : FR32123456789).";

    /// <summary>Every message by name, for the site's forms script.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } =
        typeof(EnrolmentMessages).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
}

/// <summary>Length limits of free-text fields, shared by the API's checks and the forms' maxlength.</summary>
public static class FieldLimits
{
    public const int Name = 100;
    public const int Email = 254;
    public const int Phone = 30;
    public const int Organisation = 200;
    public const int JobTitle = 200;
    public const int Address = 500;
    public const int Reference = 100;
    public const int LongText = 2000;
    public const int MaxTraineesPerEnrolment = 10;
    public const int MaxIntraParticipants = 100;
}
