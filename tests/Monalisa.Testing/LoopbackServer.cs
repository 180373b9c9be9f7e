using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monalisa.Testing;

/// <summary>
/// The HTTP server under each external service's stub (Stripe, SendGrid, Chorus Pro, GitHub): a slim ASP.NET Core app
/// on a free loopback port, without logs, so that the app's real clients speak real HTTP to it.
/// </summary>
public static class LoopbackServer
{
    /// <summary>The app, for the stub to map its routes on.</summary>
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>Starts the app and gives the base address Kestrel got (<c>http://127.0.0.1:port</c>).</summary>
    public static async Task<string> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return Address(app);
    }

    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
