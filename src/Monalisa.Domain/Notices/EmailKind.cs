namespace Monalisa.Domain.Notices;

/// <summary>Every email the product sends, by name: the values are stored in outbox records, so they never change.</summary>
public static class EmailKind
{
    // To the payer and trainees.
    public const string EnrolmentRegistered = "inscription-enregistree";
    public const string EnrolmentConfirmed = "inscription-confirmee";
    public const string Convocation = "convocation";
    public const string WaitingList = "liste-attente";
    public const string PaymentFailedOrExpired = "paiement-echoue";
    /// <summary>Paid after the hold ran out and the places went to others: staff confirm a place or refund.</summary>
    public const string PaidNoSeat = "paye-sans-place";
    public const string IntraRequestReceived = "demande-intra-recue";
    /// <summary>Self-funded: the contract as accepted, the withdrawal right and link, the instalment schedule.</summary>
    public const string ContractSigned = "contrat-formation";
    /// <summary>Self-funded: the receipt of an instalment.</summary>
    public const string InstalmentReceipt = "recu-echeance";
    /// <summary>Self-funded: an off-session charge failed; a link to pay the instalment within the grace period.</summary>
    public const string InstalmentRecovery = "echeance-impayee";
    public const string WithdrawalConfirmed = "retractation-confirmee";
    /// <summary>A card hold started, or its payer asked again: the link to the payment page still open.</summary>
    public const string ResumePayment = "reprendre-paiement";
    /// <summary>Someone asked again for a person who already holds a place: told at the address on file, never to the asker.</summary>
    public const string DuplicateRequest = "demande-en-double";

    // To staff.
    public const string StaffNewEnrolment = "staff-nouvelle-inscription";
    public const string StaffConfirmation = "staff-confirmation";
    public const string StaffWaitingList = "staff-liste-attente";
    public const string StaffIntraRequest = "staff-demande-intra";
    public const string StaffPaymentFailed = "staff-paiement-echoue";
    public const string StaffPaidNoSeat = "staff-paye-sans-place";
    public const string StaffAmountMismatch = "staff-montant-incoherent";
    public const string StaffInstalmentFailed = "staff-echeance-impayee";
    public const string StaffWithdrawal = "staff-retractation";
    /// <summary>Self-funded, the session starts before day 11: nothing is charged before; staff settle the case with the trainee.</summary>
    public const string StaffCautiousSchedule = "staff-echeancier-prudent";
    /// <summary>A hold lapsed unconfirmed (invoice not confirmed, self-funded card never saved): places released.</summary>
    public const string StaffHoldLapsed = "staff-reservation-expiree";
    /// <summary>An invoice hold lapses soon: confirm, record the purchase order, or extend.</summary>
    public const string StaffInvoiceReminder = "staff-rappel-facture";
    /// <summary>A payment nobody owes (instalment paid twice, enrolment cancelled) was refunded automatically.</summary>
    public const string StaffRefundIssued = "staff-remboursement-automatique";
    /// <summary>Someone asked again for a person who already holds a place: staff see it, the stranger learns nothing.</summary>
    public const string StaffDuplicateRequest = "staff-demande-en-double";

    // Staff console, money and cancellations (issue 16).
    /// <summary>To the payer: a payment staff recorded for an invoice (« Montant réglé »).</summary>
    public const string PaymentReceipt = "recu-paiement";
    /// <summary>To the payer: the enrolment, or one trainee of it, is cancelled, with the refund the terms allow.</summary>
    public const string EnrolmentCancelled = "annulation-inscription";
    /// <summary>To a trainee whose place is cancelled (only one who had a convocation: the calendar entry is withdrawn).</summary>
    public const string TraineeCancelled = "annulation-stagiaire";
    public const string StaffCancellation = "staff-annulation";
    /// <summary>To the payer: a volunteer declaration was refused and the trainee re-priced at the professional rate.</summary>
    public const string VolunteerRepriced = "tarif-benevole-refuse";

    // Waiting list (to the payer).
    /// <summary>Places freed for a waiting-list request are held for it: links to confirm or to decline.</summary>
    public const string WaitingListOffer = "offre-place";
    /// <summary>An offer ran out unanswered: the places went to the next in line.</summary>
    public const string WaitingListOfferLapsed = "offre-expiree";

    // Staff console, replacing a trainee (issue 16).
    /// <summary>To the payer: a trainee was replaced by another person (same place, same price).</summary>
    public const string TraineeReplaced = "remplacement-stagiaire";
    public const string StaffReplacement = "staff-remplacement";

    // Invoices and credit notes (issue 17), to the payer, the PDF attached.
    public const string Invoice = "facture";
    public const string CreditNote = "avoir";

    // Chorus Pro (issue 17).
    /// <summary>To staff: a public buyer's invoice was rejected (or suspended) in Chorus Pro, or could not be deposited.</summary>
    public const string StaffChorusRejected = "staff-chorus-rejet";

    // Certificates (issue 18), the PDFs attached.
    /// <summary>To the trainee, and a copy to a paying organisation: the certificat de réalisation and/or the attestation de fin de formation.</summary>
    public const string Certificates = "documents-fin-formation";
    // Questionnaires (issue 18): the link is the respondent's own (Surveys/SurveyLinks).
    /// <summary>To a trainee, 7 days before the session: the self-assessment on the course's objectives (« avant »).</summary>
    public const string SurveyPositioning = "questionnaire-positionnement";
    /// <summary>To a trainee, at the end of the last half-day: satisfaction and the self-assessment « après ».</summary>
    public const string SurveyHot = "questionnaire-chaud";
    /// <summary>To a trainee, 3 months after the session: use in practice.</summary>
    public const string SurveyCold = "questionnaire-froid";
    /// <summary>To a paying organisation, in January: the yearly questionnaire about the previous year.</summary>
    public const string SurveyEmployer = "questionnaire-employeur";
    /// <summary>The one reminder of an unanswered questionnaire (the outbox row's Survey column says which).</summary>
    public const string SurveyReminder = "relance-questionnaire";
}

/// <summary>Who a notice goes to. Addresses are read when sending, from the record it is about, so anonymising that record also silences the email.</summary>
/// <remarks><see cref="CancelledTrainee"/>: the trainee at that index of <c>EnrolmentRecord.CancelledTrainees</c>;
/// <see cref="ReplacedTrainee"/>: at that index of <c>EnrolmentRecord.ReplacedTrainees</c>.</remarks>
public enum RecipientRole { Payer, Trainee, Staff, IntraContact, CancelledTrainee, ReplacedTrainee }
