using Monalisa.Content;
using Monalisa.Domain.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Enrolment;
using Monalisa.Content.Text;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Http;
using Monalisa.Domain.SelfFunded;
using Monalisa.Domain.Validation;
using SubmitResult = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<Monalisa.Functions.Enrolment.EnrolmentCreatedView>,
    Microsoft.AspNetCore.Http.HttpResults.Accepted<Monalisa.Functions.Enrolment.ReceivedView>,
    Monalisa.Functions.Http.SeeOtherHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult,
    Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult>;

namespace Monalisa.Functions.Enrolment;

/// <summary>Every HTTP answer of the enrolment API, from the handler's outcomes: the one place where outcomes become statuses.</summary>
internal sealed class EnrolmentResults(CourseCatalogue catalogue, EnrolmentOptions options, Domain.SelfFunded.ContractParties organisation, TimeProvider clock, LiveSeats live)
{
    public SubmitResult Submitted(
        HttpRequest request, SubmitOutcome outcome, string? sessionId) => outcome switch
        {
            SubmitOutcome.Created created => Created(request, created),
            // Someone already enrolled is answered as a request received: the answer must not tell a stranger who is
            // enrolled (DuplicateRequests tells those concerned at their own addresses).
            SubmitOutcome.AlreadyEnrolled => BodyReader.IsForm(request)
                ? ApiResults.SeeOther(options.SitePage(SitePages.EnrolmentReceived))
                : TypedResults.Accepted((string?)null, ReceivedView.Received),
            SubmitOutcome.Invalid invalid => Failed(request, Problems.Validation(invalid.Errors), sessionId),
            SubmitOutcome.NotEnoughSeats full => Failed(request, NotEnoughSeats(full), sessionId),
            SubmitOutcome.PayerCapReached cap => Failed(request, PayerCapReached(cap, sessionId), sessionId),
            SubmitOutcome.AddressCapReached cap => Failed(request, AddressCapReached(cap, sessionId), sessionId),
            SubmitOutcome.KeyReusedWithAnotherBody => Failed(request, Problems.Unprocessable(
                "Cette clé d'idempotence a déjà servi pour une autre demande. Rechargez le formulaire avant de l'envoyer à nouveau."), sessionId),
            SubmitOutcome.PaymentUnavailable => Failed(request, Problems.PaymentUnavailable(), sessionId),
            _ => Failed(request, Problems.Unavailable("Trop de demandes arrivent en même temps sur cette session. Aucune place n'a été retenue : réessayez dans un instant."), sessionId),
        };

    /// <summary>The enrolment's status page data, or one 404 for a wrong id and a wrong token alike.</summary>
    /// <summary>
    /// The confirmation page's read: the enrolment and the places left in its session, read from storage, not from the
    /// course pages' few-seconds view (<see cref="LiveSeats"/>): whoever has just enrolled sees their places counted.
    /// </summary>
    public async Task<Results<Ok<EnrolmentStatusView>, ProblemHttpResult>> StatusAsync(EnrolmentRecord? enrolment, CancellationToken cancellationToken) =>
        enrolment is not null && catalogue.FindSession(enrolment.SessionId) is { } found
            ? TypedResults.Ok(EnrolmentStatusView.From(enrolment, found.Course, found.Session, await live.ExactAsync(found.Session, cancellationToken), clock.GetUtcNow()))
            : ApiResults.Problem(Problems.NotFound("Aucune inscription ne correspond à ce lien."));

    /// <summary>A problem as JSON, or as a French page with a way back for a browser that posted the plain form.</summary>
    public SubmitResult Failed(HttpRequest request, ProblemDetails problem, string? sessionId) =>
        FormErrorPage.Wanted(request) ? FormErrorPage.For(problem, BackTo(sessionId)) : ApiResults.Problem(problem);

    /// <summary>
    /// The plain form (no JavaScript) cannot show a self-funded trainee their contract before it is sent, so a submission
    /// the domain refused only for the contract (not accepted, or not the version this server writes) gets the contract
    /// named for that person, written as the preview writes it (same text, same hash), and the form again with the box to
    /// tick. Nothing is stored or held until it comes back accepted. Null for any other answer: field errors come first.
    /// </summary>
    public SubmitResult? ContractToAccept(HttpRequest request, Body body, EnrolmentSubmission submission, SubmitOutcome outcome, Func<string> issueToken)
    {
        if (outcome is not SubmitOutcome.Invalid invalid || body is not Body.Form form || !FormErrorPage.Wanted(request)) return null;
        if (!invalid.Errors.ToDictionary().Keys.All(field => field == ContractField)) return null;
        if (EnrolmentValidator.Text(submission.SessionId) is not { } sessionId || catalogue.FindSession(sessionId) is not { } found) return null;
        if (EnrolmentValidator.ValidateContractTrainee(submission) is not ValidationOutcome<ContractTrainee>.Valid { Value: var trainee }) return null;

        var today = clock.Today();
        var contract = TrainingContractWriter.For(found.Course, found.Session, organisation, trainee, today);
        var model = new Dictionary<string, object?> { ["contract"] = contract, ["back_url"] = BackTo(sessionId) };
        // The box and the version are asked again on this page: what the first post said about them is dropped.
        ResendForm.Of(request, form, issueToken(), ContractField, ContractVersionField).AddTo(model);
        return ApiResults.Html(StatusCodes.Status200OK, PageRenderer.Api.Render("votre-contrat", "Votre contrat de formation", model));
    }

    /// <summary>The form's fields for the contract (site/theme/_enrolment.liquid), as SubmissionParser reads them.</summary>
    private const string ContractField = "contractAccepted";
    private const string ContractVersionField = "contractVersion";

    private string BackTo(string? sessionId) => sessionId is not null && catalogue.FindSession(sessionId) is { } found
        ? options.SitePage(SitePages.Enrol(found.Course.Slug, found.Session.Id))
        : options.SitePage(SitePages.Home);

    private SubmitResult Created(
        HttpRequest request, SubmitOutcome.Created created)
    {
        var enrolment = created.Enrolment;
        var query = SitePages.Access(enrolment.Id, created.Token);
        if (BodyReader.IsForm(request))
        {
            return ApiResults.SeeOther(created.CheckoutUrl ?? enrolment.State switch
            {
                EnrolmentState.WaitingList => options.SitePage(SitePages.EnrolmentWaitingList, query),
                EnrolmentState.Confirmed => options.SitePage(SitePages.EnrolmentConfirmed, query),
                _ => options.SitePage(SitePages.EnrolmentReceived, query),
            });
        }
        var statusUrl = $"{request.Scheme}://{request.Host}/api/enrolments/{Uri.EscapeDataString(enrolment.Id)}?{SitePages.TokenOnly(created.Token)}";
        return TypedResults.Created(statusUrl, new EnrolmentCreatedView(enrolment.Id, StateNames.Api(enrolment.State), enrolment.Total, statusUrl, created.CheckoutUrl));
    }

    /// <summary>Over the cap of places per payer: the way on for a larger group is an intra session, or the training team.</summary>
    private ProblemDetails PayerCapReached(SubmitOutcome.PayerCapReached cap, string? sessionId)
    {
        var held = cap.Held == 0 ? "" : $" ; cette adresse en retient déjà {FrenchFormat.Plural(cap.Held, "place", "places")}";
        return PlacesCapReached($"Un même payeur peut retenir au plus {FrenchFormat.Plural(cap.Cap, "place", "places")} sur une session{held}.",
            "maxPlacesPerPayer", cap.Cap, cap.Held, sessionId);
    }

    /// <summary>Over the cap of places per client address: the same way on, since an office behind one address is such a group.</summary>
    private ProblemDetails AddressCapReached(SubmitOutcome.AddressCapReached cap, string? sessionId)
    {
        var held = cap.Held == 0 ? "" : $" ; {FrenchFormat.Plural(cap.Held, "place est déjà retenue", "places sont déjà retenues")} depuis cette connexion";
        return PlacesCapReached($"Une même connexion peut retenir au plus {FrenchFormat.Plural(cap.Cap, "place", "places")} sur une session, quelle que soit l'adresse du payeur{held}.",
            "maxPlacesPerAddress", cap.Cap, cap.Held, sessionId);
    }

    private ProblemDetails PlacesCapReached(string why, string capName, int cap, int held, string? sessionId)
    {
        var intra = sessionId is not null && catalogue.FindSession(sessionId) is { } found
            ? options.SitePage(SitePages.IntraRequest(found.Course.Slug))
            : options.SitePage(SitePages.Home);
        return Problems.Conflict(ProblemTypes.PlacesCapReached,
            $"{why} Pour un groupe plus nombreux, demandez une session intra ({intra}) ou écrivez à l'équipe formation : {organisation.ContactEmail}.",
            new Dictionary<string, object?> { [capName] = cap, ["placesHeld"] = held, ["contact"] = organisation.ContactEmail, ["intraRequestUrl"] = intra });
    }

    private static ProblemDetails NotEnoughSeats(SubmitOutcome.NotEnoughSeats full) => Problems.Conflict(ProblemTypes.NotEnoughSeats,
        full.SeatsLeft == 0
            ? "Il ne reste aucune place sur cette session. Vous pouvez vous inscrire sur la liste d'attente."
            : $"{FrenchFormat.UpperFirst(FrenchFormat.OnlyLeft(full.SeatsLeft, "place", "places"))} sur cette session ; vous en demandez {full.Requested}. Réduisez le nombre de stagiaires ou inscrivez-vous sur la liste d'attente.",
        new Dictionary<string, object?> { ["seatsLeft"] = full.SeatsLeft, ["waitingListAvailable"] = true });
}

/// <summary>What a dropped (honeypot or too-fast) submission is told: the same as a real one, so bots learn nothing.</summary>
internal sealed record ReceivedView(string Status)
{
    public static readonly ReceivedView Received = new("received");
}

/// <summary>An enrolment's state after a staff action, as the staff API answers it.</summary>
internal sealed record EnrolmentStateView(string Id, string Status, string StatusLabel)
{
    public static EnrolmentStateView Of(string id, EnrolmentState state) => new(id, StateNames.Api(state), StateNames.French(state));
}
