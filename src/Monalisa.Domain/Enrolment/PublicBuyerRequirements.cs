using Monalisa.Domain.Validation;
using M = Monalisa.Domain.Enrolment.EnrolmentMessages;

namespace Monalisa.Domain.Enrolment;

/// <summary>
/// What a public body's Chorus Pro directory entry (<c>structures/v1/consulter</c>, <c>parametres</c>) says its invoices
/// must carry besides its SIRET: a service code (<c>codeServiceDoitEtreRenseigne</c>), a commitment number
/// (<c>numeroEJDoitEtreRenseigne</c>), or at least one of the two (<c>gestionNumeroEJOuCodeService</c>, which then
/// overrides the other two, as Chorus Pro reads it). A missing code is the first cause of rejected invoices, so the
/// enrolment is refused until they are given, one French message per field.
/// </summary>
public sealed record PublicBuyerRequirements(bool ServiceCode, bool CommitmentNumber, bool EitherOne)
{
    public static readonly PublicBuyerRequirements None = new(false, false, false);

    /// <summary>The missing fields of <paramref name="buyer"/>, named as the form names them (<c>payer.serviceCode</c>…).</summary>
    public FieldErrors Check(PublicBuyer buyer)
    {
        var errors = new FieldErrors();
        var hasService = !string.IsNullOrWhiteSpace(buyer.ServiceCode);
        var hasCommitment = !string.IsNullOrWhiteSpace(buyer.CommitmentNumber);
        if (EitherOne)
        {
            if (!hasService && !hasCommitment) errors.Add("payer.serviceCode", M.ServiceCodeOrCommitmentRequired);
            return errors;
        }
        if (ServiceCode && !hasService) errors.Add("payer.serviceCode", M.ServiceCodeRequired);
        if (CommitmentNumber && !hasCommitment) errors.Add("payer.commitmentNumber", M.CommitmentNumberRequired);
        return errors;
    }
}
