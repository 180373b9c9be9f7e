using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.LocalHost;
using Monalisa.Testing;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>Azure and the local host must never drift apart: every HTTP function the Worker SDK declares is mapped identically here.</summary>
public sealed class FunctionsMetadataTests
{
    private sealed record Route(string Name, string Methods, string Template, string AuthLevel);

    [Fact]
    public async Task The_local_host_maps_exactly_the_http_functions_declared_in_functions_metadata()
    {
        var declared = ReadFunctionsMetadata();
        Assert.NotEmpty(declared);

        // Storage is never reached: only the endpoints are read.
        await using var host = new LocalHostFactory(LocalHostFactory.TestSettings("UseDevelopmentStorage=true"));
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Function: e.Metadata.GetMetadata<HttpFunction>()))
            .Where(e => e.Function is not null)
            .Select(e => new Route(
                e.Function!.Name,
                string.Join(",", e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant()).Order()),
                e.Endpoint.RoutePattern.RawText!.TrimStart('/'),
                e.Function.AuthLevel.ToString()))
            .OrderBy(r => r.Name)
            .ToList();

        Assert.Equal(declared, mapped);
    }

    [Fact]
    public void The_route_prefix_is_api_in_the_shared_host_json()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Monalisa.Functions", "host.json")));
        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    /// <summary>
    /// Reads functions.metadata, which the Worker SDK's generator writes when the functions project is built
    /// (this test project references it, so building the tests builds it).
    /// </summary>
    private static List<Route> ReadFunctionsMetadata()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var output = Path.Combine(RepositoryPaths.Root, "src", "Monalisa.Functions", "bin", configuration, "net10.0");
        var metadataFile = Path.Combine(output, "functions.metadata");
        Assert.True(File.Exists(metadataFile), $"{metadataFile} is missing: build the functions project first.");

        using var json = JsonDocument.Parse(File.ReadAllText(metadataFile));
        var routes = new List<Route>();
        foreach (var function in json.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger") continue;
                var methods = binding.TryGetProperty("methods", out var m)
                    ? m.EnumerateArray().Select(x => x.GetString()!.ToLowerInvariant()).Order()
                    : new[] { "get", "post" }.Order();
                var route = binding.TryGetProperty("route", out var r) ? r.GetString()! : function.GetProperty("name").GetString()!;
                routes.Add(new Route(function.GetProperty("name").GetString()!, string.Join(",", methods), $"{FunctionEndpoints.RoutePrefix}/{route}",
                    binding.GetProperty("authLevel").GetString()!));
            }
        }
        return [.. routes.OrderBy(r => r.Name)];
    }
}
