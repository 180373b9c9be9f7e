using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Http;
using Monalisa.Functions.Identity;
using Monalisa.Functions.Payments;

namespace Monalisa.Functions.Staff;

/// <summary>
/// The staff console's money actions: record an invoice payment, cancel an enrolment or one trainee with the refund the
/// terms allow, refund a « paid, no seat » case now. Each is a domain decision written with its timeline row
/// (<see cref="EnrolmentTransitions"/>); refunds decided are carried out right after the commit, and by the timer.
/// JSON posts get JSON; form posts get a 303 to the enrolment page, or <see cref="FormErrorPage"/>.
/// </summary>
internal sealed partial class StaffMoneyFunctions(
    EnrolmentStore store, EnrolmentTransitions transitions, RefundQueue refunds, PaidNoSeatRefunds paidNoSeat,
    CourseCatalogue catalogue, TimeProvider clock, StaffAccess access, SessionCancellations sessions)
{
    public const int MaxSessionReasonLength = 500;
    public const int MaxReferenceLength = 100;
    /// <summary>Far above any enrolment's price: a typing slip (an extra zero or two) is refused, not recorded.</summary>
    public const long MaxPaymentCents = 10_000_000;

    /// <summary><c>{receivedOn: "2027-03-01", amount: "500,00", method: "virement", reference: "VIR-123"}</c></summary>
    [Function("StaffRecordPayment")]
    public async Task<IActionResult> RecordPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/payments")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Failed(request, rejected.Problem, id);
        using var fields = FieldSource.Of(body);
        var receivedOn = Date(fields, "receivedOn", "Indiquez la date de réception du paiement (AAAA-MM-JJ).");
        if (receivedOn is { } day && day > clock.Today()) fields.Errors.Add("receivedOn", "La date de réception ne peut pas être dans le futur.");
        var amount = Amount(body, fields);
        var method = fields.Text("method")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(method)) fields.Errors.Add("method", "Indiquez le moyen de paiement.");
        else if (!InvoicePaymentMethods.All.Contains(method))
            fields.Errors.Add("method", $"Moyen de paiement inconnu : choisissez parmi {string.Join(", ", InvoicePaymentMethods.All)}.");
        var reference = Reference(fields, "reference", "du paiement");
        if (fields.Errors.Any) return Failed(request, Problems.Validation(fields.Errors), id);

        var payment = new RecordedPayment(receivedOn!.Value, amount!.Value, method!, reference!, member.Name, clock.GetUtcNow());
        var outcome = await transitions.ApplyAsync(id, new EnrolmentCommand.PaymentRecorded(payment), member.Actor, cancellationToken);
        return outcome switch
        {
            TransitionOutcome.Applied { After: var after } => Done(request, id, "paiement-enregistre", MoneyView.Of(after)),
            TransitionOutcome.Unchanged { Enrolment: var same } => Done(request, id, "paiement-deja-enregistre", MoneyView.Of(same)),
            TransitionOutcome.Refused { Enrolment: var refused } => Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Un paiement ne s'enregistre que pour une inscription sur facture en attente de règlement, confirmée ou annulée avec la formation due ; celle-ci est {Describe(refused)}."), id),
            _ => Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id),
        };
    }

    /// <summary>
    /// <c>{trainee?: 1, reason: "payer"|"organisme"}</c>: the whole enrolment, or the trainee at that index. A post with
    /// no body (the route's first version) cancels the whole enrolment at the payer's request.
    /// </summary>
    [Function("StaffCancelEnrolment")]
    public async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/cancel")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        int? trainee = null;
        string? version = null;
        var reason = CancellationReason.Payer;
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var body = await BodyReader.ReadAsync(request, cancellationToken);
            if (body is Body.Rejected rejected) return Failed(request, rejected.Problem, id);
            using var fields = FieldSource.Of(body);
            // A form's empty « trainee » means the whole enrolment, as an absent one does.
            version = fields.Text(FormVersion.Field);
            trainee = body is Body.Form { Fields: var form } && form.TryGetValue("trainee", out var typed) && typed.Trim().Length == 0
                ? null
                : fields.Int("trainee", "Numéro de stagiaire attendu (nombre entier).");
            switch (fields.Text("reason")?.Trim())
            {
                case "payer": reason = CancellationReason.Payer; break;
                case "organisme": reason = CancellationReason.Organisme; break;
                default: fields.Errors.Add("reason", "Indiquez qui annule : « payer » (le payeur ou le stagiaire) ou « organisme » (l'organisme de formation)."); break;
            }
            if (fields.Errors.Any) return Failed(request, Problems.Validation(fields.Errors), id);
        }
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment)
            return Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id);
        if (trainee is not null && FormVersion.IsStale(version, enrolment)) return Failed(request, FormVersion.Stale(), id);
        string? email = null;
        if (trainee is { } index)
        {
            if (index < 0 || index >= enrolment.Trainees.Count)
                return Failed(request, Problems.Validation("trainee", $"Cette inscription compte {enrolment.Trainees.Count} stagiaire(s) : indiquez un numéro de 0 à {enrolment.Trainees.Count - 1}."), id);
            email = enrolment.Trainees[index].Email;
        }

        var outcome = await transitions.ApplyAsync(id, Command(enrolment, email, reason, member.Name, null), member.Actor, cancellationToken);
        if (outcome is TransitionOutcome.Applied { After: var after })
        {
            // Asked of Stripe now; if Stripe is down, the refund timer takes the same rows up, with the same keys.
            await refunds.DrainAsync(after.SessionId, cancellationToken);
            return Done(request, id, email is null ? "inscription-annulee" : "stagiaire-annule", MoneyView.Of(after));
        }
        return outcome switch
        {
            TransitionOutcome.Unchanged { Enrolment: var same } => Done(request, id, "deja-annule", MoneyView.Of(same)),
            TransitionOutcome.Refused { Enrolment: var refused } => Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused, email is null
                ? $"Une inscription {Describe(refused)} ne peut pas être annulée."
                : $"Un stagiaire ne s'annule seul que sur une inscription confirmée ou en attente de facture ; celle-ci est {Describe(refused)}."), id),
            _ => Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id),
        };
    }

    /// <summary>« Paid, no seat »: refund now rather than after the grace period, exactly once (same key as the timer's).</summary>
    [Function("StaffRefundPaidNoSeat")]
    public async Task<IActionResult> Refund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/enrolments/{id}/refund")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        if (await store.GetAsync(id, cancellationToken) is not { } enrolment)
            return Failed(request, Problems.NotFound("Aucune inscription ne correspond à cet identifiant."), id);
        if (enrolment.State is not (EnrolmentState.PaidNoSeat or EnrolmentState.RefundPending or EnrolmentState.Refunded))
            return Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused,
                $"Seule une inscription payée sans place se rembourse ici ; celle-ci est {Describe(enrolment)}."), id);
        var outcome = await paidNoSeat.RefundOneAsync(enrolment, member.Actor, cancellationToken);
        return outcome switch
        {
            PaidNoSeatRefunds.Result.Refunded or PaidNoSeatRefunds.Result.AlreadyRefunded =>
                Done(request, id, "rembourse", MoneyView.Of((await store.GetAsync(id, cancellationToken))!)),
            PaidNoSeatRefunds.Result.StripeFailed => Failed(request, Problems.Unavailable(
                "Stripe n'a pas accepté le remboursement pour l'instant : il sera retenté automatiquement (toutes les 15 minutes), sans risque de double remboursement."), id),
            _ => Failed(request, Problems.Conflict(ProblemTypes.TransitionRefused,
                "Une place a été confirmée pour cette inscription entre-temps : rien n'a été remboursé."), id),
        };
    }

    /// <summary>
    /// <c>{reason: "Formatrice malade", confirm: "oui"}</c>: the session takes no new enrolment, then each of its
    /// enrolments is cancelled by the organisation (full refund). Safe to run again: the session row and each
    /// enrolment's state make a second run (or one resumed after a failure) refund and email nobody twice.
    /// </summary>
    [Function("StaffCancelSession")]
    public async Task<IActionResult> CancelSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/sessions/{sessionId}/cancel")] HttpRequest request,
        string sessionId,
        CancellationToken cancellationToken)
    {
        if (access.Check(request, StaffRoles.Staff) is not StaffCheck.Allowed { Member: var member }) return Refusal(request);
        var back = $"/api/equipe/sessions/{Uri.EscapeDataString(sessionId)}";
        var body = await BodyReader.ReadAsync(request, cancellationToken);
        if (body is Body.Rejected rejected) return Failed(request, rejected.Problem, back, page: true);
        using var fields = FieldSource.Of(body);
        var reason = fields.Text("reason")?.Trim();
        if (string.IsNullOrEmpty(reason)) fields.Errors.Add("reason", "Indiquez la raison de l'annulation : elle est écrite aux payeurs et aux stagiaires.");
        else if (reason.Length > MaxSessionReasonLength) fields.Errors.Add("reason", $"La raison ne doit pas dépasser {MaxSessionReasonLength} caractères.");
        else if (reason.Any(c => char.IsControl(c) && c is not ('\n' or '\r'))) fields.Errors.Add("reason", "La raison ne doit pas contenir de caractère de contrôle.");
        if (!string.Equals(fields.Text("confirm")?.Trim(), "oui", StringComparison.OrdinalIgnoreCase))
            fields.Errors.Add("confirm", "Confirmez l'annulation de toute la session en répondant « oui » : chaque inscription sera annulée et remboursée.");
        if (fields.Errors.Any) return Failed(request, Problems.Validation(fields.Errors), back, page: true);
        if (catalogue.FindSession(sessionId) is null)
            return Failed(request, Problems.NotFound("Aucune session ne correspond à cet identifiant."), back, page: true);

        var note = await sessions.MarkAsync(sessionId, reason!, member.Name, cancellationToken);
        var cancelled = 0;
        foreach (var enrolment in await store.ForSessionAsync(sessionId, cancellationToken))
        {
            // Ended ones stay as they are; a paid-no-seat case is refunded by its own path (refund action or timer).
            if (enrolment.State is EnrolmentState.Cancelled or EnrolmentState.Expired or EnrolmentState.PaymentFailed or EnrolmentState.Withdrawn
                or EnrolmentState.PaidNoSeat or EnrolmentState.RefundPending or EnrolmentState.Refunded) continue;
            if (await transitions.ApplyAsync(enrolment.Id, SessionCommand(enrolment, member.Name, note), member.Actor, cancellationToken) is TransitionOutcome.Applied)
                cancelled++;
        }
        await refunds.DrainAsync(sessionId, cancellationToken);
        return BodyReader.IsForm(request)
            ? ApiResults.SeeOther(back + "?fait=session-annulee").ToActionResult()
            : TypedResults.Ok(new SessionCancelledView(sessionId, cancelled)).ToActionResult();
    }

    internal sealed record SessionCancelledView(string SessionId, int EnrolmentsCancelled);

    /// <summary>The cancellation command, with the day received and the session's last enrolment day (the CGV's limit).</summary>
    private EnrolmentCommand.CancelledWithTerms Command(EnrolmentRecord enrolment, string? traineeEmail, CancellationReason reason, string by, string? note)
    {
        // A session gone from the catalogue has no known deadline: the payer's late terms apply, staff can still choose « organisme ».
        var lastDay = catalogue.FindSession(enrolment.SessionId) is { } found ? catalogue.Deadline.LastEnrolmentDay(found.Session.Start) : DateOnly.MinValue;
        return new EnrolmentCommand.CancelledWithTerms(traineeEmail, reason, clock.Today(), lastDay, by, note);
    }

    internal EnrolmentCommand.CancelledWithTerms SessionCommand(EnrolmentRecord enrolment, string by, string note) =>
        Command(enrolment, null, CancellationReason.Organisme, by, note);

    /// <summary>Where an enrolment's money stands after an action (the console's figures, in cents).</summary>
    internal sealed record MoneyView(string Id, string Status, string StatusLabel, long PaidCents, long UnpaidInvoicedCents, long RefundedCents, int Trainees)
    {
        public static MoneyView Of(EnrolmentRecord e)
        {
            var money = EnrolmentMoney.Of(e);
            return new MoneyView(e.Id, StateNames.Api(e.State), StateNames.French(e.State), money.PaidCents, money.UnpaidInvoicedCents, money.RefundedCents, e.Trainees.Count);
        }
    }

    internal static string Describe(EnrolmentRecord enrolment) => $"dans l'état « {StateNames.French(enrolment.State)} »";

    internal static IActionResult Done(HttpRequest request, string id, string code, object json) =>
        BodyReader.IsForm(request)
            ? ApiResults.SeeOther($"/api/equipe/inscriptions/{Uri.EscapeDataString(id)}?fait={code}").ToActionResult()
            : TypedResults.Ok(json).ToActionResult();

    internal static IActionResult Failed(HttpRequest request, ProblemDetails problem, string id, bool page = false) =>
        FormErrorPage.Wanted(request)
            ? FormErrorPage.For(problem, page ? id : $"/api/equipe/inscriptions/{Uri.EscapeDataString(id)}").ToActionResult()
            : ApiResults.Problem(problem).ToActionResult();

    private IActionResult Refusal(HttpRequest request) => ((StaffCheck.Refused)access.Check(request, StaffRoles.Staff)).Result;

    private static DateOnly? Date(FieldSource fields, string name, string missing)
    {
        var text = fields.Text(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (!fields.Errors.Any || text is not null) fields.Errors.Add(name, missing);
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000) return day;
        fields.Errors.Add(name, "Date attendue au format AAAA-MM-JJ (par exemple 2027-03-01).");
        return null;
    }

    /// <summary>Euros as staff type them (« 500 », « 500,00 », « 1 300,50 ») or a JSON number; returned in cents.</summary>
    private static long? Amount(Body body, FieldSource fields)
    {
        string? text;
        if (body is Body.Json json && json.Document.RootElement.TryGetProperty("amount", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number)
            text = value.GetRawText();
        else
            text = fields.Text("amount");
        text = text?.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "").Replace("€", "").Trim();
        if (string.IsNullOrEmpty(text))
        {
            fields.Errors.Add("amount", "Indiquez le montant reçu, en euros.");
            return null;
        }
        if (!AmountPattern().IsMatch(text) || !decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros))
        {
            fields.Errors.Add("amount", "Montant attendu en euros, par exemple 500 ou 500,00.");
            return null;
        }
        var cents = (long)(euros * 100);
        if (cents <= 0 || cents > MaxPaymentCents)
        {
            fields.Errors.Add("amount", "Le montant doit être supérieur à 0 € et au plus de 100 000 €.");
            return null;
        }
        return cents;
    }

    private static string? Reference(FieldSource fields, string name, string what)
    {
        var reference = fields.Text(name)?.Trim();
        if (string.IsNullOrEmpty(reference)) fields.Errors.Add(name, $"Indiquez la référence {what} (numéro de virement, de chèque ou de mandat).");
        else if (reference.Length > MaxReferenceLength) fields.Errors.Add(name, $"La référence {what} ne doit pas dépasser {MaxReferenceLength} caractères.");
        else if (reference.Any(char.IsControl)) fields.Errors.Add(name, $"La référence {what} ne doit pas contenir de retour à la ligne ni de caractère de contrôle.");
        else return reference;
        return null;
    }

    [GeneratedRegex(@"^\d{1,7}([.,]\d{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();
}
