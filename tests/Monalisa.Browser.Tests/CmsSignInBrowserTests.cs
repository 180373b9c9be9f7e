using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace Monalisa.Browser.Tests;

/// <summary>
/// The editor's GitHub sign-in in Chromium, against the local host and a stub of GitHub: the popup's handshake reaches
/// the site's window with the token (the page's CSP allows its one inline script by hash), and no other origin's.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CmsSignInBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : IAsyncLifetime
{
    private GitHubOAuthStub _github = null!;
    private TestApi _api = null!;
    private IBrowserContext _context = null!;
    private string _apiOrigin = "";

    public async Task InitializeAsync()
    {
        _github = await GitHubOAuthStub.StartAsync();
        // The API on localhost (a secure context for the __Host- cookie), the « site » on 127.0.0.1: two origins.
        var port = FreePort();
        _apiOrigin = $"http://localhost:{port}";
        var settings = _github.AppSettings();
        settings["urls"] = _apiOrigin;
        settings["Api:BaseUrl"] = _apiOrigin;
        settings["Site:BaseUrl"] = _github.BaseUrl;
        _api = await TestApi.StartAsync(storage, settings: settings);
        _context = await chromium.Browser.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.CloseAsync();
        await _api.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task The_editor_on_the_site_receives_the_GitHub_token_through_the_popup()
    {
        var (editor, popup) = await SignInFromAsync(_github.BaseUrl);

        await editor.WaitForFunctionAsync("() => window.received !== null", null, new() { Timeout = 15000 });
        var received = JsonDocument.Parse(await editor.EvaluateAsync<string>("() => JSON.stringify(window.received)")).RootElement;
        Assert.Equal(GitHubOAuthStub.Token, received.GetProperty("token").GetString());
        Assert.Equal("github", received.GetProperty("provider").GetString());
        // Its work done, the popup closes itself (the inline script ran: the CSP allowed it by its hash).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!popup.IsClosed && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(popup.IsClosed);
    }

    [Fact]
    public async Task A_page_of_another_origin_that_opens_the_sign_in_never_gets_the_token()
    {
        // Same stub, other origin (localhost instead of 127.0.0.1): not the configured site.
        var other = _github.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var (editor, popup) = await SignInFromAsync(other);

        // The popup reached the handshake page and ran its script; the browser drops its messages to this opener.
        await Assertions.Expect(popup.Locator("h1")).ToHaveTextAsync("Connexion à l'éditeur");
        await Assert.ThrowsAsync<TimeoutException>(() => editor.WaitForFunctionAsync("() => window.received !== null", null, new() { Timeout = 3000 }));
        Assert.Single(_github.Calls);
    }

    private async Task<(IPage Editor, IPage Popup)> SignInFromAsync(string origin)
    {
        var editor = await _context.NewPageAsync();
        await editor.GotoAsync($"{origin}{GitHubOAuthStub.OpenerPath}?api={Uri.EscapeDataString(_apiOrigin)}");
        var popup = await editor.RunAndWaitForPopupAsync(() => editor.ClickAsync("#login"));
        return (editor, popup);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
