using System.Net.Http.Headers;
using System.Text.Json;

namespace Monalisa.Functions.Cms;

/// <summary>What GitHub's token endpoint answered.</summary>
internal abstract record TokenOutcome
{
    public sealed record Granted(string Token) : TokenOutcome
    {
        // A record prints its members: the token must never reach a log line through ToString().
        public override string ToString() => "Granted";
    }

    /// <summary>GitHub's own error code (<c>bad_verification_code</c>, <c>incorrect_client_credentials</c>…), sent with a 200.</summary>
    public sealed record Refused(string Error, string? Description) : TokenOutcome;

    public sealed record Unreachable(string Reason) : TokenOutcome;
}

/// <summary>
/// Exchanges the callback's code for a token at <c>POST /login/oauth/access_token</c>, asking for JSON. GitHub answers
/// 200 for its refusals too (<c>{"error":"bad_verification_code",…}</c>): the body decides, not the status.
/// </summary>
internal sealed class GitHubTokenExchange(IHttpClientFactory clients, CmsOAuthSettings settings)
{
    public const string HttpClientName = "github-oauth";

    public async Task<TokenOutcome> ExchangeAsync(string code, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = settings.GitHubClientId,
                ["client_secret"] = settings.GitHubClientSecret,
                ["code"] = code,
                ["redirect_uri"] = settings.CallbackUrl,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            client.Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) return new TokenOutcome.Unreachable($"HTTP {(int)response.StatusCode}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("access_token", out var token)
                && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } value)
                return new TokenOutcome.Granted(value);
            return new TokenOutcome.Refused(Text(root, "error") ?? "réponse sans jeton", Text(root, "error_description"));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new TokenOutcome.Unreachable(e is TaskCanceledException ? "délai dépassé" : e.GetType().Name);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
