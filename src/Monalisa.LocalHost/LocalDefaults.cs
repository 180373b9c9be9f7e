namespace Monalisa.LocalHost;

/// <summary>Settings that make the local host run with no keys: Azurite, offline checkout, mail written to files.</summary>
internal static class LocalDefaults
{
    public const string Url = "http://localhost:7071";

    /// <summary>Azurite's documented development connection string (a public, well-known value, not a secret).</summary>
    public const string AzuriteConnectionString = "UseDevelopmentStorage=true";

    public const string OfflineWebhookSecret = "local-offline-checkout-signing-value";

    /// <summary>EXEMPLE LOCAL : a public value, so tests and the bench can sign form tokens; Azure reads Key Vault.</summary>
    public const string ExampleAbuseSecret = "exemple-local-a-ne-jamais-deployer-0123456789";

    public static Dictionary<string, string?> Settings(string root) => new()
    {
        ["Storage:ConnectionString"] = AzuriteConnectionString,
        ["Site:BaseUrl"] = Url,
        ["LocalHost:StartAzurite"] = "true",
        ["LocalHost:DataFolder"] = Path.Combine(root, ".data"),
        ["LocalHost:SiteFolder"] = Path.Combine(root, "site", "output"),
        // What /admin/ edits on this machine (decap-server): the working tree's site/ files.
        ["LocalHost:CmsFolder"] = root,
        // The local host plays App Service Authentication (DevSignIn), so the staff routes read its principal.
        ["WEBSITE_AUTH_ENABLED"] = "True",
        ["LocalHost:TimerSeconds"] = "60",
        // Queue messages (emails) are picked up within this many seconds; 0 = only on POST /_dev/queues/run.
        ["LocalHost:QueueSeconds"] = "2",
        // Reserved .test domain (RFC 2606): local mail can only land in .data/outbox/.
        ["Email:FromAddress"] = "formations@monalisa.test",
        ["Email:FromName"] = "MONALISA — formations (local)",
        ["Email:StaffRecipients"] = "equipe-formation@monalisa.test",
        ["Email:ReplyTo"] = "contact-formation@monalisa.test",
        // Signs the offline checkout's webhooks; a fixed local value, not a Stripe secret.
        ["Stripe:WebhookSecret"] = OfflineWebhookSecret,
        // Signs form tokens and keys counter hashes; a fixed local example, never to be deployed (Key Vault in Azure).
        ["Abuse:Secret"] = ExampleAbuseSecret,
        // Keys the one-person-one-place locks; an example value, for this machine's Azurite only.
        ["Enrolment:LockKey"] = "EXEMPLE-LOCAL-cle-des-verrous-stagiaires-pas-un-secret",
        // OFFLINE: no PISTE client id, so Chorus Pro calls go to the in-process stand-in (OfflineChorusPro), never to this host name.
        ["ChorusPro:BaseUrl"] = "https://chorus-pro.offline.invalid",
        ["ChorusPro:TokenUrl"] = "https://chorus-pro.offline.invalid/api/oauth/token",
        ["urls"] = Url,
        // The Azure SDK logs each storage request at Information (about 920 lines a minute when idle, timers and
        // queue polling): warnings only, so that the banner and the request lines stay readable. Same for the
        // offline checkout's HTTP client and the host's start-up lines, which the banner (LocalBanner) replaces.
        ["Logging:LogLevel:Azure"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        // Routing and result lines (five per request): the host writes one line per request itself.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };
}
