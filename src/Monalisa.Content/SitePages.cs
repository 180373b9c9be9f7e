namespace Monalisa.Content;

/// <summary>
/// Every site path the API links or redirects to, and the site generator writes, relative to the site's root
/// (join with the base URL, or prefix "/" for a link within the site). The pages themselves are site/input files
/// at these paths; a site test proves each one is generated.
/// </summary>
public static class SitePages
{
    public const string Home = "";

    /// <summary>Pages about one enrolment, reached with <see cref="Access(string, string?, string?)"/>; kept out of search engines.</summary>
    public const string EnrolmentFolder = "inscription/";
    public const string EnrolmentReceived = EnrolmentFolder + "enregistree/";
    public const string EnrolmentConfirmed = EnrolmentFolder + "confirmee/";
    public const string EnrolmentCancelled = EnrolmentFolder + "annulee/";
    public const string EnrolmentWaitingList = EnrolmentFolder + "liste-attente/";

    public const string IntraRequestFolder = "demande-intra/";
    public const string IntraRequestReceived = IntraRequestFolder + "recue/";

    /// <summary>Every API problem type, one anchor each (<see cref="ProblemTypes"/>); a type's URI redirects there.</summary>
    public const string Problems = "problemes/";

    /// <summary>The pages the API sends a visitor to, for the site test that checks each exists.</summary>
    public static readonly IReadOnlyList<string> Fixed =
        [Home, EnrolmentReceived, EnrolmentConfirmed, EnrolmentCancelled, EnrolmentWaitingList, IntraRequestReceived, Problems];

    public static string Course(string slug) => $"formations/{slug}/";

    public static string IntraRequest(string slug) => Course(slug) + IntraRequestFolder;

    /// <summary>A session's enrolment form: where a failed payment can be tried again.</summary>
    public static string Enrol(string slug, string sessionId) => $"{Course(slug)}{EnrolmentFolder}{sessionId}/";

    /// <summary>The query that opens an enrolment's or a request's page: « id=…&amp;token=… » (and Stripe's session id when known).</summary>
    public static string Access(string id, string? token = null, string? checkoutSessionId = null) =>
        $"id={Uri.EscapeDataString(id)}"
        + (token is null ? "" : $"&token={Uri.EscapeDataString(token)}")
        + (checkoutSessionId is null ? "" : $"&session_id={Uri.EscapeDataString(checkoutSessionId)}");

    /// <summary>Stripe replaces this placeholder with its Checkout Session id in a success URL.</summary>
    public const string StripeSessionPlaceholder = "&session_id={CHECKOUT_SESSION_ID}";

    /// <summary>The self-funded trainee's withdrawal link (an API page, on the site's origin).</summary>
    public static string Withdrawal(string enrolmentId) => $"api/enrolments/{Uri.EscapeDataString(enrolmentId)}/withdraw";

    /// <summary>The self-funded trainee's link to pay an overdue instalment.</summary>
    public static string Instalment(string enrolmentId) => $"api/enrolments/{Uri.EscapeDataString(enrolmentId)}/instalment";

    /// <summary>The token alone, for an API page whose id is in the path.</summary>
    public static string TokenOnly(string token) => $"token={Uri.EscapeDataString(token)}";

    /// <summary>A path as a link within the site: « /formations/x/ ».</summary>
    public static string Root(string path) => "/" + path;
}
