namespace Monalisa.Functions.Hosting;

/// <summary>
/// Every configuration key the app reads, written once. In Azure they are app settings, with "__" for ":".
/// A test checks that the Bicep template sets each key marked <see cref="AppSettingAttribute"/>.
/// </summary>
internal static class SettingNames
{
    /// <summary>Table and queue service: a connection string locally, service URIs + managed identity in Azure
    /// (<c>Storage__endpoint</c>, <c>Storage__serviceUri</c>, <c>Storage__credential</c>, <c>Storage__clientId</c>).
    /// Microsoft.Extensions.Azure binds keys to the clients' constructor parameters by name:
    /// <c>TableServiceClient(Uri endpoint, TokenCredential)</c> and <c>QueueServiceClient(Uri serviceUri, TokenCredential)</c>,
    /// so "tableServiceUri"/"queueServiceUri" (the Functions host's AzureWebJobsStorage names) would not be read.</summary>
    public const string Storage = "Storage";
    public const string StorageConnectionString = "Storage:ConnectionString";
    [AppSetting] public const string StorageTableServiceUri = "Storage:endpoint";
    [AppSetting] public const string StorageQueueServiceUri = "Storage:serviceUri";
    [AppSetting] public const string StorageCredential = "Storage:credential";
    [AppSetting] public const string StorageClientId = "Storage:clientId";

    /// <summary>The public site's origin, for links in emails, redirects and Stripe return URLs.</summary>
    [AppSetting] public const string SiteBaseUrl = "Site:BaseUrl";

    /// <summary>Sections bound to options classes (<c>StripeSettings</c>, <c>SendGridSettings</c>, <c>EmailSettings</c>, <c>EnrolmentOptions</c>).</summary>
    public const string StripeSection = "Stripe";
    public const string SendGridSection = "SendGrid";
    public const string EmailSection = "Email";
    public const string EnrolmentSection = "Enrolment";

    /// <summary>Stripe secret key (Key Vault); the app refuses to start without it.</summary>
    [AppSetting] public const string StripeSecretKey = "Stripe:SecretKey";
    /// <summary>The webhook endpoint's signing secret, whsec_… (Key Vault).</summary>
    [AppSetting] public const string StripeWebhookSecret = "Stripe:WebhookSecret";
    /// <summary>Tests only: the base URL of the recording Stripe stub.</summary>
    public const string StripeApiBase = "Stripe:ApiBase";
    /// <summary>Seconds before a Stripe call gives up (default 15).</summary>
    public const string StripeTimeoutSeconds = "Stripe:TimeoutSeconds";

    /// <summary>SendGrid API key (Key Vault); the app refuses to start without it.</summary>
    [AppSetting] public const string SendGridApiKey = "SendGrid:ApiKey";
    /// <summary>Tests only: the base URL of the recording SendGrid stub.</summary>
    public const string SendGridHost = "SendGrid:Host";
    [AppSetting] public const string EmailFromAddress = "Email:FromAddress";
    [AppSetting] public const string EmailFromName = "Email:FromName";
    /// <summary>Staff recipients of notifications, separated by ";" or ",".</summary>
    [AppSetting] public const string EmailStaffRecipients = "Email:StaffRecipients";
    [AppSetting] public const string EmailReplyTo = "Email:ReplyTo";

    /// <summary>How long a card enrolment holds its places (minutes; Stripe Checkout's minimum is 30).</summary>
    public const string HoldMinutes = "Enrolment:HoldMinutes";
    /// <summary>Self-funded trainees: minutes a place is held while the card is not saved (default 60, at least 45).</summary>
    public const string SelfFundedSetupHoldMinutes = "Enrolment:SelfFundedSetupHoldMinutes";
    /// <summary>Invoice enrolments: days the places are held unless staff confirm, record the purchase order or extend (default 7).</summary>
    public const string InvoiceHoldDays = "Enrolment:InvoiceHoldDays";
    /// <summary>Invoice enrolments: staff are reminded this many days before the hold lapses (default 2).</summary>
    public const string InvoiceReminderDays = "Enrolment:InvoiceReminderDays";
    /// <summary>The secret key of the one-person-one-place locks (HMAC-SHA256 of the address; Key Vault in Azure).</summary>
    [AppSetting] public const string EnrolmentLockKey = "Enrolment:LockKey";
    /// <summary>Self-funded trainees: days a place stays held after an instalment failed, for the trainee to pay it (default 7).</summary>
    public const string InstalmentGraceDays = "Enrolment:InstalmentGraceDays";
    /// <summary>Card enrolments at the volunteer rate: staff are asked to approve each declaration (default false).</summary>
    public const string VolunteerCardNeedsApproval = "Enrolment:VolunteerCardNeedsApproval";
    /// <summary>Anti-abuse settings (<c>Abuse.AbuseSettings</c>): form tokens, rate limits, places per payer.</summary>
    public const string AbuseSection = "Abuse";
    /// <summary>Signs form tokens and keys the hashes of rate-limit and payer counters (Key Vault; 32 characters or more).</summary>
    [AppSetting] public const string AbuseSecret = "Abuse:Secret";

    /// <summary>Months after a session's end before its enrolments are anonymised (default 36).</summary>
    public const string RetentionMonths = "Retention:Months";

    /// <summary>Optional: the Entra ID tenant (directory) id staff sign in from; a principal from another tenant is refused.</summary>
    [AppSetting] public const string StaffTenantId = "StaffIdentity:TenantId";
    /// <summary>The API's own public origin (the Function App's https URL), for links to the staff console in emails.
    /// Empty: the site's origin (the local host serves both).</summary>
    [AppSetting] public const string ApiBaseUrl = "Api:BaseUrl";

    /// <summary>Chorus Pro through PISTE (<c>ChorusPro.ChorusProSettings</c>): public buyers' directory and invoice deposits.</summary>
    public const string ChorusProSection = "ChorusPro";
    /// <summary>PISTE's API gateway (production https://api.piste.gouv.fr, sandbox https://sandbox-api.piste.gouv.fr).</summary>
    [AppSetting] public const string ChorusProBaseUrl = "ChorusPro:BaseUrl";
    /// <summary>PISTE's OAuth2 token endpoint (…oauth.piste.gouv.fr/api/oauth/token).</summary>
    [AppSetting] public const string ChorusProTokenUrl = "ChorusPro:TokenUrl";
    /// <summary>The PISTE application's client id and secret (Key Vault).</summary>
    [AppSetting] public const string ChorusProClientId = "ChorusPro:ClientId";
    [AppSetting] public const string ChorusProClientSecret = "ChorusPro:ClientSecret";
    /// <summary>The Chorus Pro technical user's login and password, sent as the <c>cpro-account</c> header (Key Vault).</summary>
    [AppSetting] public const string ChorusProTechnicalLogin = "ChorusPro:TechnicalLogin";
    [AppSetting] public const string ChorusProTechnicalPassword = "ChorusPro:TechnicalPassword";

    /// <summary>The editor's GitHub sign-in (<c>Cms.CmsOAuthSettings</c>): the GitHub OAuth App's client id and secret (Key Vault).</summary>
    public const string CmsSection = "Cms";
    [AppSetting] public const string CmsGitHubClientId = "Cms:GitHubClientId";
    [AppSetting] public const string CmsGitHubClientSecret = "Cms:GitHubClientSecret";
    /// <summary>Tests only: the base URL of the GitHub stub (authorize page and token endpoint).</summary>
    public const string CmsGitHubBaseUrl = "Cms:GitHubBaseUrl";
}

/// <summary>Marks a setting that must be present in Azure, so the Bicep template must set it.</summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class AppSettingAttribute : Attribute;
