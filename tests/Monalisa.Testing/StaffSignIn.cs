using System.Net;

namespace Monalisa.Testing;

/// <summary>
/// Signs a person in through the local host's development sign-in (<c>/.auth/login/aad</c>), as a staff member would in
/// a browser: the client then carries the host's encrypted cookie, and the host sets the principal header Easy Auth
/// would set in Azure. A header sent by the client itself is removed on the way in.
/// </summary>
public static class StaffSignIn
{
    public const string DefaultName = "Camille Martin";

    /// <summary>A new client (no redirect followed) signed in as <paramref name="name"/> with <paramref name="role"/> (« staff », « trainer », « aucun »).</summary>
    public static async Task<HttpClient> SignInAsync(this TestApi api, string name = DefaultName, string role = "staff")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = api.BaseAddress };
        var response = await client.PostAsync("/.auth/login/aad", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name, ["role"] = role, ["redirect"] = "/api/equipe/",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"The dev sign-in answered {(int)response.StatusCode}.");
        return client;
    }
}
