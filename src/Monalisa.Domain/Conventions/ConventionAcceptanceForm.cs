using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Text;
using Monalisa.Domain.Validation;

namespace Monalisa.Domain.Conventions;

/// <summary>The acceptance form as posted: who signs, in what capacity, the box, and the version (hash) they read.</summary>
public sealed record ConventionAcceptanceForm(string? SignatoryName, string? SignatoryRole, bool? Accepted, string? Version)
{
    /// <summary>The form's field names (site/theme/pages/convention.liquid), the same in JSON.</summary>
    public const string NameField = "signatoryName", RoleField = "signatoryRole", AcceptedField = "accept", VersionField = "version";

    /// <summary>
    /// The acceptance of <paramref name="shown"/> at <paramref name="now"/>, or one French message per field. The posted
    /// version must be the hash of the text the server renders now: a page read before the text changed accepts nothing.
    /// </summary>
    public ValidationOutcome<ConventionAcceptance> Check(HashedText shown, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var name = Text(SignatoryName, NameField, ConventionMessages.NameRequired, FieldLimits.Name, errors);
        var role = Text(SignatoryRole, RoleField, ConventionMessages.RoleRequired, FieldLimits.JobTitle, errors);
        if (Accepted != true) errors.Add(AcceptedField, ConventionMessages.AcceptRequired);
        if (string.IsNullOrWhiteSpace(Version)) errors.Add(VersionField, ConventionMessages.VersionMissing);
        else if (!shown.IsVersion(Version)) errors.Add(VersionField, ConventionMessages.Outdated);
        return errors.Any
            ? new ValidationOutcome<ConventionAcceptance>.Invalid(errors)
            : new ValidationOutcome<ConventionAcceptance>.Valid(new ConventionAcceptance(now, shown.Sha256, name!, role!));
    }

    private static string? Text(string? value, string field, string missing, int max, FieldErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) { errors.Add(field, missing); return null; }
        if (text.Length > max) { errors.Add(field, EnrolmentMessages.TooLong); return null; }
        if (text.Any(char.IsControl)) { errors.Add(field, EnrolmentMessages.InvalidCharacters); return null; }
        return text;
    }
}

/// <summary>What the acceptance page says when a field is wrong, in French, one message per field.</summary>
public static class ConventionMessages
{
    public const string NameRequired = "Indiquez le nom de la personne qui accepte la convention au nom de l'organisation.";
    public const string RoleRequired = "Indiquez sa fonction (par exemple : directrice, responsable formation).";
    public const string AcceptRequired = "Cochez la case « J'accepte la convention de formation » pour l'accepter.";
    public const string VersionMissing = "La version de la convention lue manque : rechargez la page depuis le lien de l'e-mail.";
    public const string Outdated = "La convention a changé depuis l'affichage de la page (stagiaires, prix ou texte) : relisez la version ci-dessous et acceptez-la à nouveau.";
}
