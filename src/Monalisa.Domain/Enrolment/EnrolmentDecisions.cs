using System.Globalization;
using Monalisa.Domain.Notices;
using Monalisa.Domain.SelfFunded;

namespace Monalisa.Domain.Enrolment;

/// <summary>
/// Every change to an existing enrolment, decided here and only here: the legal move (<see cref="EnrolmentStateMachine"/>),
/// the fields it sets, the places it takes or gives back, the emails it sends, and what staff must settle by hand (an
/// amount that is not the quote's, a payment whose places went to others). The store only writes the answer.
/// </summary>
/// <remarks>
/// The single state (places and money together) is kept for now: splitting it as pretix does (order status beside
/// payment state) would change the stored <c>State</c> column and every query on it, which this refactor must not.
/// The decisions already keep the two apart: <see cref="SeatChange"/> says where the places go, the record's payment
/// fields say where the money stands.
/// </remarks>
public static class EnrolmentDecisions
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static Decision Decide(EnrolmentRecord before, EnrolmentCommand command, DateTimeOffset now) => command switch
    {
        EnrolmentCommand.PaymentReported paid when !IsOurCheckout(before, paid.CheckoutSessionId) => Flag(before, now, ForeignPaymentNote(paid)),
        // Staff cancelled it: the money goes back, and the cancellation stands.
        EnrolmentCommand.PaymentReported paid when before.State == EnrolmentState.Cancelled => RefundAndFlag(before, now, paid.Reference, paid.AmountCents,
            $"Paiement de {Amount(paid.AmountCents, paid.Currency)} reçu pour une inscription annulée (référence {paid.Reference}) : remboursement automatique, l'annulation est maintenue."),
        EnrolmentCommand.PaymentReported paid => Move(before, EnrolmentTrigger.PaymentSucceeded, now, AmountVeto(before, paid),
            e => e with { PaymentReference = paid.Reference, PaidAt = paid.PaidAt, PaidAmountCents = paid.AmountCents }),
        EnrolmentCommand.HoldExpired { CheckoutSessionId: { } checkout } when !IsOurCheckout(before, checkout) => new Decision.Refused(),
        EnrolmentCommand.HoldExpired expired => HoldExpired(before, expired, now),
        EnrolmentCommand.InvoiceReminderDue due => InvoiceReminder(before, due.Policy, now),
        EnrolmentCommand.HoldExtended extended => Extend(before, extended, now),
        EnrolmentCommand.PurchaseOrderRecorded order => RecordPurchaseOrder(before, order, now),
        EnrolmentCommand.RefundStarted => Move(before, EnrolmentTrigger.RefundStarted, now),
        EnrolmentCommand.RecoveryCheckoutOpened opened => RecoveryCheckout(before, opened, now),
        EnrolmentCommand.PaymentFailed { CheckoutSessionId: { } checkout } when !IsOurCheckout(before, checkout) => new Decision.Refused(),
        EnrolmentCommand.PaymentFailed => Move(before, EnrolmentTrigger.PaymentFailed, now),
        EnrolmentCommand.StaffConfirmed => Move(before, EnrolmentTrigger.StaffConfirmed, now),
        EnrolmentCommand.Cancelled => Move(before, EnrolmentTrigger.Cancelled, now),
        EnrolmentCommand.Refunded => Move(before, EnrolmentTrigger.Refunded, now),
        EnrolmentCommand.GraceExpired => Move(before, EnrolmentTrigger.GraceExpired, now),
        EnrolmentCommand.Withdrew withdrew => Withdraw(before, withdrew, now),
        EnrolmentCommand.InstalmentPaid paid => InstalmentPaid(before, paid, now),
        EnrolmentCommand.InstalmentFailed failed => InstalmentFailed(before, failed, now),
        EnrolmentCommand.CardSaved card => before.PaymentMethodId == card.PaymentMethodId
            ? new Decision.Unchanged()
            : Write(before with { PaymentMethodId = card.PaymentMethodId, StripeCustomerId = card.CustomerId ?? before.StripeCustomerId, UpdatedAt = now }),
        EnrolmentCommand.PaymentRecorded recorded => StaffMoney.RecordPayment(before, recorded, now),
        EnrolmentCommand.CancelledWithTerms cancelled => StaffMoney.Cancel(before, cancelled, now),
        EnrolmentCommand.ConvocationResent resent => StaffMoney.ResendConvocation(before, resent, now),
        EnrolmentCommand.VolunteerDecided decided => StaffMoney.DecideVolunteer(before, decided, now),
        EnrolmentCommand.OfferMade offer => OfferMade(before, offer, now),
        EnrolmentCommand.OfferAccepted accepted => OfferAccepted(before, accepted, now),
        EnrolmentCommand.OfferDeclined => Move(before, EnrolmentTrigger.OfferDeclined, now, change: e => e with { HoldExpiresAt = null }),
        EnrolmentCommand.OfferLapsed => OfferLapsed(before, now),
        EnrolmentCommand.TraineeReplaced replaced => StaffReplacement.Replace(before, replaced, now),
        // Recorded once whatever the state (a document issued is a fact); no move, no email (the ledger's outbox sends it).
        EnrolmentCommand.DocumentIssued issued => before.Documents.Any(d => d.Index == issued.Document.Index)
            ? new Decision.Unchanged()
            : Write(before with { Documents = [.. before.Documents, issued.Document], UpdatedAt = now }),
        EnrolmentCommand.ConventionAccepted accepted => Conventions.ConventionDecisions.Accept(before, accepted, now),
        EnrolmentCommand.FundingClassCorrected corrected => FundingClassCorrection.Decide(before, corrected, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
    };

    /// <summary>A state move for the decisions written beside this class (staff money and cancellations).</summary>
    internal static Decision MoveFor(EnrolmentRecord before, EnrolmentTrigger trigger, DateTimeOffset now, Func<EnrolmentRecord, EnrolmentRecord>? change = null) =>
        Move(before, trigger, now, change: change);

    /// <summary>
    /// Only the checkout opened for this enrolment speaks for it: a foreign checkout or a Payment Link that carries our
    /// reference (anyone can set a <c>client_reference_id</c>) neither pays, expires nor fails it.
    /// </summary>
    private static bool IsOurCheckout(EnrolmentRecord before, string checkoutSessionId) =>
        before.CheckoutSessionId is { } ours && string.Equals(ours, checkoutSessionId, StringComparison.Ordinal);

    /// <summary>
    /// Money that came through another checkout than this enrolment's (a Payment Link, a checkout whose id was never
    /// stored) confirms nothing, but it is money received: staff are told, so that it is refunded or matched by hand.
    /// </summary>
    private static string ForeignPaymentNote(EnrolmentCommand.PaymentReported paid) =>
        $"Paiement de {Amount(paid.AmountCents, paid.Currency)} reçu par un paiement Stripe qui n'est pas celui de l'inscription (référence {paid.Reference}) : inscription non confirmée, à rapprocher ou rembourser.";

    /// <summary>Confirm only what was quoted: another amount or currency is for staff to look at, never silently accepted.</summary>
    private static string? AmountVeto(EnrolmentRecord before, EnrolmentCommand.PaymentReported paid) =>
        paid.AmountCents == before.TotalCents && string.Equals(paid.Currency, "eur", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Montant payé ({Amount(paid.AmountCents, paid.Currency)}) différent du devis ({Amount(before.TotalCents, "eur")}) : inscription non confirmée.";

    private static Decision Withdraw(EnrolmentRecord before, EnrolmentCommand.Withdrew withdrew, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.Withdrawn) return new Decision.Unchanged();
        var signedOn = before.SignedOn(withdrew.Zone);
        if (!InstalmentSchedule.CanWithdraw(signedOn, withdrew.Today)) return new Decision.TooLate(InstalmentSchedule.WithdrawalEndsOn(signedOn));
        return Move(before, EnrolmentTrigger.Withdrew, now, change: e => e with { WithdrawnAt = now });
    }

    /// <summary>
    /// A hold lapses: Stripe's expiry of the enrolment's own Checkout (payment or card setup) at once, the timer only once
    /// the policy's deadline is past. A self-funded place whose card is saved is held through the withdrawal period.
    /// </summary>
    private static Decision HoldExpired(EnrolmentRecord before, EnrolmentCommand.HoldExpired expired, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.ContractSigned && before.PaymentMethodId is not null) return new Decision.Refused();
        if (expired.CheckoutSessionId is null && before.State is EnrolmentState.AwaitingInvoice or EnrolmentState.ContractSigned)
        {
            // Only the timer, which knows the policy, lets these holds lapse, and only when their time is up.
            if (expired.Policy?.DeadlineOf(before) is not { } deadline) return new Decision.Refused();
            if (now < deadline) return new Decision.Unchanged();
        }
        return Move(before, EnrolmentTrigger.HoldExpired, now);
    }

    /// <summary>An invoice hold close to its end: staff are told what lapses when, and what stops it.</summary>
    private static Decision InvoiceReminder(EnrolmentRecord before, HoldPolicy policy, DateTimeOffset now)
    {
        if (policy.InvoiceReminderAt(before) is not { } at || policy.DeadlineOf(before) is not { } deadline || now < at || now >= deadline)
            return new Decision.Unchanged();
        return Notify(before, now, Notice.ToStaff(EmailKind.StaffInvoiceReminder),
            $"Règlement par facture en attente : les places sont retenues jusqu'au {DateTime(deadline)}. Confirmer l'inscription, enregistrer le bon de commande ou prolonger le délai ; sinon l'inscription expire et les places sont libérées.");
    }

    /// <summary>Staff give an invoice enrolment more time, counted from its current deadline (or now, if that is past).</summary>
    private static Decision Extend(EnrolmentRecord before, EnrolmentCommand.HoldExtended extended, DateTimeOffset now)
    {
        if (before.State != EnrolmentState.AwaitingInvoice || extended.Policy.DeadlineOf(before) is not { } deadline) return new Decision.Refused();
        var from = deadline > now ? deadline : now;
        return Write(before with { HoldExpiresAt = from + TimeSpan.FromDays(extended.Days), UpdatedAt = now });
    }

    /// <summary>The purchase order confirms an invoice enrolment, as a staff confirmation does, with its reference kept.</summary>
    private static Decision RecordPurchaseOrder(EnrolmentRecord before, EnrolmentCommand.PurchaseOrderRecorded order, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.Confirmed && before.Payer.PurchaseOrder == order.Reference) return new Decision.Unchanged();
        if (before.State != EnrolmentState.AwaitingInvoice) return new Decision.Refused();
        return Move(before, EnrolmentTrigger.StaffConfirmed, now, change: e => e with { Payer = e.Payer with { PurchaseOrder = order.Reference } });
    }

    /// <summary>Keeps the recovery Checkout of an overdue instalment, so the next visit reuses it instead of opening another.</summary>
    private static Decision RecoveryCheckout(EnrolmentRecord before, EnrolmentCommand.RecoveryCheckoutOpened opened, DateTimeOffset now)
    {
        if (before.Instalment(opened.Number) is not { Paid: false } instalment) return new Decision.Refused();
        if (instalment.RecoveryCheckoutId == opened.CheckoutSessionId) return new Decision.Unchanged();
        // A slower visitor with an older attempt never replaces a newer Checkout.
        if (instalment.RecoveryAttempt > opened.Attempt) return new Decision.Unchanged();
        return Write(before.WithInstalment(instalment with
        {
            RecoveryCheckoutId = opened.CheckoutSessionId, RecoveryCheckoutUrl = opened.Url, RecoveryAttempt = opened.Attempt,
        }) with { UpdatedAt = now });
    }

    /// <summary>
    /// The Checkouts that can still take money for an enrolment a move just closed (staff cancellation, withdrawal, lapse):
    /// they are expired at Stripe, so that nobody pays for a place that is gone.
    /// </summary>
    public static IReadOnlyList<string> CheckoutsToClose(EnrolmentRecord before, EnrolmentRecord after)
    {
        if (after.State is not (EnrolmentState.Cancelled or EnrolmentState.Withdrawn or EnrolmentState.Expired) || before.State == after.State) return [];
        var open = new List<string>();
        if (before.CheckoutSessionId is { } checkout && (before.State == EnrolmentState.PendingPayment || before.State == EnrolmentState.ContractSigned && before.PaymentMethodId is null))
            open.Add(checkout);
        open.AddRange(before.Instalments.Where(i => !i.Paid && i.RecoveryCheckoutId is not null).Select(i => i.RecoveryCheckoutId!));
        return open;
    }

    private static Decision InstalmentPaid(EnrolmentRecord before, EnrolmentCommand.InstalmentPaid paid, DateTimeOffset now)
    {
        if (before.Instalment(paid.Number) is not { } planned) return new Decision.Refused();
        // The same payment reported again (the charge's answer, then its webhook) counts once; another one goes back.
        if (planned.Paid)
            return planned.PaymentIntentId == paid.PaymentIntentId
                ? new Decision.Unchanged()
                : RefundAndFlag(before, now, paid.PaymentIntentId, paid.AmountCents,
                    $"Échéance {paid.Number} payée une seconde fois ({Amount(paid.AmountCents, "eur")}, référence {paid.PaymentIntentId}) : remboursement automatique de ce second paiement.");
        if (before.State == EnrolmentState.Cancelled)
            return RefundAndFlag(before, now, paid.PaymentIntentId, paid.AmountCents,
                $"Échéance {paid.Number} payée ({Amount(paid.AmountCents, "eur")}, référence {paid.PaymentIntentId}) alors que l'inscription est annulée : remboursement automatique, l'annulation est maintenue.");
        // Read under the same If-Match as the write: two instalments recorded at once cannot both miss the last one.
        var last = before.Instalments.Where(i => i.Number != paid.Number).All(i => i.Paid);
        var veto = paid.AmountCents == planned.AmountCents ? null
            : $"Échéance {paid.Number} : montant payé ({Amount(paid.AmountCents, "eur")}) différent de l'échéancier ({Amount(planned.AmountCents, "eur")}). À vérifier.";
        return Move(before, last ? EnrolmentTrigger.LastInstalmentPaid : EnrolmentTrigger.InstalmentPaid, now, veto,
            e => e.WithInstalment(planned with { PaidAt = now, PaymentIntentId = paid.PaymentIntentId, FailedAt = null, FailureCode = null }) with
            {
                GraceExpiresAt = null,
                PaidAt = now,
                PaidAmountCents = (e.PaidAmountCents ?? 0) + paid.AmountCents,
                PaymentReference = paid.PaymentIntentId,
            });
    }

    private static Decision InstalmentFailed(EnrolmentRecord before, EnrolmentCommand.InstalmentFailed failed, DateTimeOffset now)
    {
        // A late failure report for an instalment paid since (recovery checkout) changes nothing.
        if (before.Instalment(failed.Number) is not { Paid: false } instalment) return new Decision.Unchanged();
        var until = now + failed.Grace;
        return Move(before, EnrolmentTrigger.InstalmentFailed, now, change: e =>
            e.WithInstalment(instalment with { FailedAt = now, FailureCode = failed.Code, PaymentIntentId = failed.PaymentIntentId }) with
            {
                GraceExpiresAt = until,
                StaffAttention = $"Échéance {failed.Number} impayée ({failed.Code}) : lien de paiement envoyé au stagiaire, place gardée jusqu'au {DateTime(until)}.",
            });
    }

    /// <summary>
    /// A state move through <see cref="EnrolmentStateMachine"/>. A <paramref name="veto"/> stops the move and flags the
    /// enrolment for staff instead; a move that needs places falls back to « paid, no seat » when they are gone.
    /// </summary>
    private static Decision Move(EnrolmentRecord before, EnrolmentTrigger trigger, DateTimeOffset now, string? veto = null, Func<EnrolmentRecord, EnrolmentRecord>? change = null)
    {
        switch (EnrolmentStateMachine.Apply(before.State, trigger))
        {
            case Transition.Refused:
                return new Decision.Refused();
            case Transition.AlreadyThere:
                return new Decision.Unchanged();
        }
        if (veto is not null) return Flag(before, now, veto);

        var move = (Transition.Moved)EnrolmentStateMachine.Apply(before.State, trigger);
        var decision = Moved(before, change, move, now);
        return new Decision.Write(move.NeedsSeats
            ? decision with { IfSeatsGone = Moved(before, change, EnrolmentStateMachine.NoSeatForPayment(before.State), now) }
            : decision);
    }

    /// <summary>No move: the enrolment only carries a note for staff, who get an alert.</summary>
    private static Decision Flag(EnrolmentRecord before, DateTimeOffset now, string note) =>
        new Decision.Write(new EnrolmentDecision(before with { StaffAttention = note, UpdatedAt = now }, SeatChange.None, [Notice.ToStaff(EmailKind.StaffAmountMismatch)], StaffOnly: true));

    /// <summary>No move: a note and an email for staff (a reminder).</summary>
    private static Decision Notify(EnrolmentRecord before, DateTimeOffset now, Notice notice, string note) =>
        new Decision.Write(new EnrolmentDecision(before with { StaffAttention = note, UpdatedAt = now }, SeatChange.None, [notice]));

    /// <summary>
    /// No move: a payment nobody owes goes back in full (a refund row, written with the note, so that it is asked of
    /// Stripe once), and staff are told.
    /// </summary>
    private static Decision RefundAndFlag(EnrolmentRecord before, DateTimeOffset now, string paymentIntentId, long amountCents, string note) =>
        new Decision.Write(new EnrolmentDecision(before with { StaffAttention = note, UpdatedAt = now }, SeatChange.None, [Notice.ToStaff(EmailKind.StaffRefundIssued)], StaffOnly: true)
        {
            Refunds = [new RefundOrder(paymentIntentId, amountCents)],
        });

    private static EnrolmentDecision Moved(EnrolmentRecord before, Func<EnrolmentRecord, EnrolmentRecord>? change, Transition.Moved move, DateTimeOffset now)
    {
        var after = (change?.Invoke(before) ?? before) with { State = move.To, UpdatedAt = now };
        var seats = move.ReleasesSeats ? SeatChange.Release : move.NeedsSeats ? SeatChange.Take : SeatChange.None;
        if (seats == SeatChange.Release) after = after with { Seats = [] };
        // The places a move takes are the store's to pick; the emails do not depend on their numbers.
        return new EnrolmentDecision(after, seats, NoticePlan.ForMove(before, after));
    }

    private static Decision Write(EnrolmentRecord after) => new Decision.Write(new EnrolmentDecision(after, SeatChange.None, []));

    /// <summary>Staff read amounts in euros as everywhere else (« 1 300,50 € »); another currency is named.</summary>
    private static string Amount(long cents, string? currency) =>
        string.Equals(currency, "eur", StringComparison.OrdinalIgnoreCase)
            ? Text.FrenchFormat.EurosFromCents(cents)
            : $"{(cents / 100m).ToString("#,##0.00", French)} {currency?.ToUpperInvariant()}";

    private static string DateTime(DateTimeOffset instant) => Text.FrenchFormat.DateTime(instant);

    /// <summary>
    /// Freed places, kept back from public sale, are offered to a waiting-list request: it holds them until the offer
    /// ends. Which request gets which places is WaitingList.WaitingLine's rule; the places must be as many as its trainees.
    /// </summary>
    private static Decision OfferMade(EnrolmentRecord before, EnrolmentCommand.OfferMade offer, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.WaitingList && offer.Seats.Count != before.Trainees.Count) return new Decision.Refused();
        // WaitingList → Offered takes no place through the store's SeatChange.Take: the places are handed over as they are.
        return Move(before, EnrolmentTrigger.OfferMade, now, change: e => e with
        {
            Seats = [.. offer.Seats],
            HoldExpiresAt = offer.ExpiresAt,
            ActionTokenSeed = e.ActionTokenSeed ?? offer.TokenSeed,
        });
    }

    /// <summary>
    /// The payer confirms an offer, before it ends, as a new enrolment of the same kind would start: card, the normal card
    /// hold from now (the caller opens the Checkout); invoice, the normal invoice hold from now. The places stay the same.
    /// A self-funded trainee needs a contract and a withdrawal period first: that is settled with staff, not by the link.
    /// </summary>
    private static Decision OfferAccepted(EnrolmentRecord before, EnrolmentCommand.OfferAccepted accepted, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.Offered && (before.HoldExpiresAt <= now || before.SelfFunded)) return new Decision.Refused();
        return before.PaymentMethod == PaymentMethod.Card
            ? Move(before, EnrolmentTrigger.OfferTakenByCard, now, change: e => e with { HoldExpiresAt = now + accepted.CardHold, TokenHash = accepted.TokenHash })
            : Move(before, EnrolmentTrigger.OfferTakenByInvoice, now, change: e => e with { HoldExpiresAt = now + accepted.Policy.Invoice });
    }

    /// <summary>The timer lets an offer lapse only once its time is up.</summary>
    private static Decision OfferLapsed(EnrolmentRecord before, DateTimeOffset now)
    {
        if (before.State == EnrolmentState.Offered && before.HoldExpiresAt > now) return new Decision.Unchanged();
        return Move(before, EnrolmentTrigger.OfferLapsed, now);
    }
}
