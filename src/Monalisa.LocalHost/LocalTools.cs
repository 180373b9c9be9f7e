using System.Globalization;

namespace Monalisa.LocalHost;

/// <summary>
/// <c>/_dev/</c>, the index of the local host's tools, and <c>/_dev/clock</c>, which moves the host's clock forward
/// and runs the timer functions once, so that what the new time decides (a lapsed hold, an instalment, a reminder)
/// shows at once. None of this exists in the Functions app.
/// </summary>
internal static class LocalToolPages
{
    /// <summary>The moves the clock page offers as one button each.</summary>
    private static readonly (string Value, TimeSpan By)[] Moves =
        [("1h", TimeSpan.FromHours(1)), ("1d", TimeSpan.FromDays(1)), ("7d", TimeSpan.FromDays(7)), ("11d", TimeSpan.FromDays(11))];

    /// <summary>A custom move is capped, so that a typo does not throw the local data a century ahead.</summary>
    private const int MaxCustomDays = 400;

    public static IEndpointRouteBuilder MapLocalTools(this IEndpointRouteBuilder endpoints)
    {
        // Also answers /_dev: routing ignores a trailing slash.
        endpoints.MapGet("/_dev/", Index);
        endpoints.MapGet("/_dev/clock", ClockPage);
        // Same origin, so the site's Content-Security-Policy (style-src 'self') lets the local pages use it.
        endpoints.MapGet("/_dev/local.css", () => Results.Bytes(LocalCss.Value, "text/css; charset=utf-8"));
        endpoints.MapPost("/_dev/clock", MoveClockAsync).DisableAntiforgery();
        return endpoints;
    }

    private static IResult Index(IConfiguration configuration) =>
        Page("dev-index", "Outils locaux", new Dictionary<string, object?>
        {
            ["timers"] = FunctionCatalog.TimerFunctions().Select(t => t.Name).Order(StringComparer.Ordinal).ToList(),
            ["timer_seconds"] = configuration.GetValue<int>("LocalHost:TimerSeconds"),
            ["queue_seconds"] = configuration.GetValue<double>("LocalHost:QueueSeconds"),
            ["queues"] = FunctionCatalog.QueueFunctions().Select(q => q.QueueName).Distinct().Order(StringComparer.Ordinal).ToList(),
        });

    private static IResult ClockPage(LocalClock clock, string? ran, string? failed) =>
        Page("dev-clock", "Horloge locale", new Dictionary<string, object?>
        {
            ["now"] = clock.GetUtcNow(),
            ["moved"] = clock.Offset > TimeSpan.Zero,
            ["offset_days"] = (long)clock.Offset.TotalDays,
            ["offset_hours"] = (long)clock.Offset.Hours,
            ["timers"] = FunctionCatalog.TimerFunctions().Select(t => t.Name).Order(StringComparer.Ordinal).ToList(),
            ["ran"] = ran is null ? null : int.TryParse(ran, CultureInfo.InvariantCulture, out var n) ? n : null,
            ["failed"] = failed,
        });

    /// <summary>
    /// A form post (<c>move</c> = 1h, 1d, 7d, 11d, custom with <c>days</c> and <c>hours</c>, reset, or run), then the
    /// timer functions once, then back to the page (303), which says how many ran.
    /// </summary>
    private static async Task<IResult> MoveClockAsync(HttpContext context, LocalClock clock, IServiceProvider services, ILogger<LocalClock> logger)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var move = form["move"].ToString();
        if (move == "reset") clock.Reset();
        else if (move == "custom")
        {
            var days = ReadNumber(form["days"], MaxCustomDays);
            var hours = ReadNumber(form["hours"], 23);
            if (days is null || hours is null || days + hours == 0)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Déplacement invalide",
                    detail: $"Indiquez un nombre de jours (0 à {MaxCustomDays}) et d'heures (0 à 23), pas tous deux nuls.");
            clock.Advance(TimeSpan.FromDays(days.Value) + TimeSpan.FromHours(hours.Value));
        }
        else if (Moves.FirstOrDefault(m => m.Value == move) is { Value: not null } preset) clock.Advance(preset.By);
        else if (move != "run")
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Déplacement invalide", detail: "Choisissez un des boutons de la page.");
        logger.LogInformation("Local clock offset {Offset}; running the timer functions.", clock.Offset);

        var ran = 0;
        var failed = new List<string>();
        foreach (var function in FunctionCatalog.TimerFunctions())
        {
            try
            {
                await LocalTimers.InvokeAsync(services, function, context.RequestAborted);
                ran++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Timer {Function} failed after the clock moved.", function.Name);
                failed.Add(function.Name);
            }
        }
        var query = $"?ran={ran}" + (failed.Count > 0 ? "&failed=" + Uri.EscapeDataString(string.Join(", ", failed)) : "");
        return new SeeOther("/_dev/clock" + query);
    }

    private static readonly Lazy<byte[]> LocalCss = new(() =>
    {
        using var stream = typeof(LocalToolPages).Assembly.GetManifestResourceStream("pages/local.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static int? ReadNumber(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static IResult Page(string template, string title, Dictionary<string, object?> model) =>
        Results.Content(LocalPages.Renderer.Render(template, title, model), "text/html; charset=utf-8");

    /// <summary>303: after a form post, the browser GETs the page (a reload does not move the clock again).</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// The local tools change data with form posts: a page of another site open in the same browser must not post them.
/// Browsers send <c>Origin</c> (and <c>Sec-Fetch-Site</c>) with every cross-site post; a post whose origin is another
/// site is refused. Clients that send neither (curl, the tests) are not browsers a page could drive.
/// </summary>
internal static class LocalPostOrigin
{
    public static IApplicationBuilder UseSameOriginDevPosts(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/_dev") && !IsSameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Les outils locaux n'acceptent que les formulaires de leurs propres pages.");
            return;
        }
        await next(context);
    });

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return false;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }
}
