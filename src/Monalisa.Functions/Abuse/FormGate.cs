using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Content;
using Monalisa.Content.Text;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Abuse;

/// <summary>Which public form is being sent: its rate-limit rules and the field that carries its email.</summary>
internal enum PublicForm { Enrolment, IntraRequest }

/// <summary>
/// The door every public form goes through before anything is stored: the anti-bot check (a server-issued form token,
/// the honeypot), then the rate limits per client address and per email. A refusal is always an answer a person can act
/// on, never a fake success: JSON clients (the site's script) get problem+json and send again by themselves; a browser
/// that posted the plain form gets a page that offers the same form again, with what was typed and a valid token.
/// </summary>
internal sealed class FormGate(AbuseSettings settings, RateLimiter limiter, TimeProvider clock)
{
    public const string TokenField = "formToken";
    public const string HoneypotField = "website";

    private readonly byte[] _tokenKey = settings.KeyFor("form-token");

    /// <summary>A fresh token, as <c>GET /api/form-token</c> hands it out.</summary>
    public string IssueToken() => FormToken.Issue(_tokenKey, clock.GetUtcNow());

    /// <summary>Null when the form may go on; otherwise the answer to give, with nothing stored.</summary>
    public async Task<IResult?> CheckAsync(HttpRequest request, Body body, FieldSource fields, PublicForm form, string? email, CancellationToken cancellationToken)
    {
        var token = fields.Text(TokenField);
        var verdict = SpamCheck.Judge(fields.Text(HoneypotField), token, _tokenKey, settings.FormRules, clock.GetUtcNow());
        if (verdict is not FormVerdict.Human)
            return Refused(request, body, verdict, token);

        var address = ClientAddress.Of(request, settings.ForwardedHops);
        var rules = RulesFor(form);
        var decision = await limiter.HitAsync([(rules.PerAddress, address), (rules.PerEmail, email)], cancellationToken);
        return decision is RateDecision.Limited limited ? TooMany(request, limited.RetryAfter) : null;
    }

    /// <summary>The limits of a link sent by email (withdrawal, instalment): per client address and per enrolment.</summary>
    public async Task<IResult?> CheckLinkAsync(HttpRequest request, string enrolmentId, CancellationToken cancellationToken)
    {
        var address = ClientAddress.Of(request, settings.ForwardedHops);
        var decision = await limiter.HitAsync(
            [(new RateRule("link-address", settings.LinksPerAddressPerHour, TimeSpan.FromHours(1)), address),
             (new RateRule("link-enrolment", settings.LinksPerEnrolmentPerHour, TimeSpan.FromHours(1)), enrolmentId)],
            cancellationToken);
        return decision is RateDecision.Limited limited ? TooMany(request, limited.RetryAfter, page: true) : null;
    }

    /// <summary>
    /// The limit of a public look-up a form makes as it is filled (a public body's SIRET in the Chorus Pro directory):
    /// per client address, so the directory cannot be walked through this API.
    /// </summary>
    public async Task<IResult?> CheckLookupAsync(HttpRequest request, string lookup, int perHour, CancellationToken cancellationToken)
    {
        var address = ClientAddress.Of(request, settings.ForwardedHops);
        var decision = await limiter.HitAsync([(new RateRule($"{lookup}-address", perHour, TimeSpan.FromHours(1)), address)], cancellationToken);
        return decision is RateDecision.Limited limited ? TooMany(request, limited.RetryAfter) : null;
    }

    private (RateRule PerAddress, RateRule PerEmail) RulesFor(PublicForm form)
    {
        var name = form == PublicForm.Enrolment ? "enrolment" : "intra";
        return (new RateRule($"{name}-address", settings.SubmissionsPerAddressPerHour, TimeSpan.FromHours(1)),
                new RateRule($"{name}-email", settings.SubmissionsPerEmailPerHour, TimeSpan.FromHours(1)));
    }

    private IResult Refused(HttpRequest request, Body body, FormVerdict verdict, string? token)
    {
        var problem = verdict switch
        {
            FormVerdict.TooFast fast => WithRetryAfter(Problem(StatusCodes.Status429TooManyRequests, ProblemTypes.SentTooFast,
                "Le formulaire a été envoyé quelques secondes à peine après son affichage. Rien n'a été enregistré : renvoyez-le dans un instant.", "tooFast"), fast.Wait),
            FormVerdict.Honeypot => Problem(StatusCodes.Status400BadRequest, ProblemTypes.FormToResend,
                "Un champ caché, que seuls les robots remplissent, a été rempli (parfois par le remplissage automatique du navigateur). Rien n'a été enregistré : vérifiez vos informations et envoyez-les à nouveau.", "honeypot"),
            FormVerdict.NoValidToken { Problem: FormTokenProblem.Expired } => Problem(StatusCodes.Status400BadRequest, ProblemTypes.FormToResend,
                "Le formulaire est resté ouvert trop longtemps pour être vérifié. Rien n'a été enregistré : envoyez-le à nouveau.", "expired"),
            FormVerdict.NoValidToken { Problem: var missingOrInvalid } => Problem(StatusCodes.Status400BadRequest, ProblemTypes.FormToResend,
                "Pour vérifier que cet envoi vient d'une personne, le formulaire doit être confirmé. Rien n'a été enregistré : envoyez-le à nouveau.",
                missingOrInvalid == FormTokenProblem.Missing ? "missing" : "invalid"),
            _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
        };
        var retryAfter = (verdict as FormVerdict.TooFast)?.Wait;
        if (!FormErrorPage.Wanted(request) || body is not Body.Form form)
            return WithHeader(ApiResults.Problem(problem), retryAfter);

        // The plain form, offered again: what was typed (less the honeypot), and a token that is already aging. A form
        // sent too fast keeps its own token, so that the wait counts from the first display, not from this page.
        var keep = verdict is FormVerdict.TooFast && token is not null ? token : IssueToken();
        var model = new Dictionary<string, object?>
        {
            ["detail"] = problem.Detail,
            ["errors"] = Array.Empty<object>(),
            ["back_url"] = request.Headers.Referer.ToString() is { Length: > 0 } referer && Uri.TryCreate(referer, UriKind.Absolute, out _) ? referer : "/",
        };
        ResendForm.Of(request, form, keep).AddTo(model);
        var html = PageRenderer.Api.Render("erreur-formulaire", problem.Title ?? "", model);
        return WithHeader(ApiResults.Html(problem.Status ?? StatusCodes.Status400BadRequest, html), retryAfter);
    }

    private static IResult TooMany(HttpRequest request, TimeSpan retryAfter, bool page = false)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        var problem = Problem(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests,
            $"Trop de demandes sont arrivées en peu de temps depuis votre connexion ou pour cette adresse. Rien n'a été enregistré : réessayez dans {minutes} minute{(minutes > 1 ? "s" : "")}, ou écrivez à l'équipe formation.", null);
        WithRetryAfter(problem, retryAfter);
        IResult answer = page || FormErrorPage.Wanted(request)
            ? FormErrorPage.For(problem, request.Headers.Referer.ToString() is { Length: > 0 } referer && Uri.TryCreate(referer, UriKind.Absolute, out _) ? referer : "/")
            : ApiResults.Problem(problem);
        return WithHeader(answer, retryAfter);
    }

    private static ProblemDetails Problem(int status, ProblemType type, string detail, string? reason)
    {
        var problem = new ProblemDetails { Status = status, Type = type.Uri, Title = type.Title, Detail = detail };
        if (reason is not null) problem.Extensions["reason"] = reason;
        return problem;
    }

    private static ProblemDetails WithRetryAfter(ProblemDetails problem, TimeSpan wait)
    {
        problem.Extensions["retryAfter"] = Seconds(wait);
        return problem;
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static IResult WithHeader(IResult inner, TimeSpan? retryAfter) =>
        retryAfter is { } wait ? new RetryAfterResult(inner, Seconds(wait)) : inner;

    /// <summary>Adds <c>Retry-After</c> (seconds) to an answer; the problem or page inside stays what it is.</summary>
    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult, INestedHttpResult, IStatusCodeHttpResult
    {
        public IResult Result => inner;
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>
/// A plain form offered again on a page of the API (pages/_resend-fields.liquid): where it goes, what was typed as hidden
/// fields (less the honeypot, the old token and the fields the page asks again), an Idempotency-Key so that a second
/// send is the same request, and the token to send it with.
/// </summary>
internal sealed record ResendForm(string Action, IReadOnlyList<ResendField> Fields, string Token)
{
    public static ResendForm Of(HttpRequest request, Body.Form form, string token, params string[] askedAgain)
    {
        var fields = form.Fields
            .Where(f => f.Key is not (FormGate.TokenField or FormGate.HoneypotField) && !askedAgain.Contains(f.Key, StringComparer.Ordinal))
            .Select(f => new ResendField(f.Key, f.Value))
            .ToList();
        if (!form.Fields.ContainsKey(IdempotencyKey.FormField))
            fields.Add(new ResendField(IdempotencyKey.FormField, Guid.NewGuid().ToString()));
        return new ResendForm((request.PathBase + request.Path).ToString(), fields, token);
    }

    /// <summary>The names the templates read.</summary>
    public void AddTo(IDictionary<string, object?> model)
    {
        model["resend_action"] = Action;
        model["resend_fields"] = Fields;
        model["form_token"] = Token;
    }
}

internal sealed record ResendField(string Name, string Value);
