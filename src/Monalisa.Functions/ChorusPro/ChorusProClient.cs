using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monalisa.Functions.ChorusPro;

/// <summary>
/// Chorus Pro's REST API through PISTE: an OAuth2 client-credentials token (cached until shortly before it expires),
/// then JSON POSTs to <c>{BaseUrl}/cpro/…</c> carrying the technical user in the <c>cpro-account</c> header
/// (base64 of login:password). One instance per app: the token is shared by every call.
/// </summary>
internal sealed class ChorusProClient(IHttpClientFactory http, ChorusProSettings settings, TimeProvider clock)
{
    public const string HttpClientName = "chorus-pro";

    // A token is renewed this long before PISTE says it expires, so that no call carries one that lapses in flight.
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(4);
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    // A reference, swapped whole: concurrent callers never read half of a token and half of its expiry.
    private volatile PisteToken? _token;

    private sealed record PisteToken(string Value, DateTimeOffset Until);

    /// <summary>POSTs <paramref name="payload"/> to <c>cpro/{path}</c>; the answer's JSON, or <see cref="ChorusProException"/>.</summary>
    public async Task<JsonObject> PostAsync(string path, JsonObject payload, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl.TrimEnd('/')}/cpro/{path}")
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("cpro-account", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.TechnicalLogin}:{settings.TechnicalPassword}")));
        var (status, body) = await SendAsync(request, cancellationToken);
        // A refused token (expired early, revoked): forget it, the next call asks for a new one.
        if (status == HttpStatusCode.Unauthorized) _token = null;
        var json = Parse(body);
        var code = json?["codeRetour"]?.GetValueKind() == JsonValueKind.Number ? json["codeRetour"]!.GetValue<int>() : 0;
        var label = json?["libelle"]?.ToString();
        if ((int)status >= 500 || status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
            throw new ChorusProException(transient: true, $"HTTP {(int)status} {label}".Trim());
        if (!IsSuccess(status) || code != 0 || json is null)
            throw new ChorusProException(transient: false, $"{label ?? $"HTTP {(int)status}"} (codeRetour {code})");
        return json;
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } held && held.Until > clock.GetUtcNow()) return held.Value;
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } again && again.Until > clock.GetUtcNow()) return again.Value;
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = settings.ClientId,
                    ["client_secret"] = settings.ClientSecret,
                    ["scope"] = "openid",
                }),
            };
            var (status, body) = await SendAsync(request, cancellationToken);
            var json = Parse(body);
            if (!IsSuccess(status) || json?["access_token"]?.ToString() is not { Length: > 0 } value)
                // The error names PISTE's code (invalid_client…), never the secret sent.
                throw new ChorusProException(transient: true, $"PISTE token HTTP {(int)status} {json?["error"]}".Trim());
            var seconds = json["expires_in"]?.GetValueKind() == JsonValueKind.Number ? json["expires_in"]!.GetValue<int>() : 3600;
            _token = new PisteToken(value, clock.GetUtcNow() + TimeSpan.FromSeconds(seconds) - ExpiryMargin);
            return value;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ChorusProException(transient: true, e is OperationCanceledException ? "timeout" : "unreachable");
        }
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static JsonObject? Parse(string body)
    {
        try { return JsonNode.Parse(body) as JsonObject; }
        catch (JsonException) { return null; }
    }
}

/// <summary>Chorus Pro refused or did not answer. <see cref="Transient"/>: worth trying again later (network, 5xx, token).</summary>
internal sealed class ChorusProException(bool transient, string reason) : Exception(reason)
{
    public bool Transient { get; } = transient;
}
