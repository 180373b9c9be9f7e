using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monalisa.Functions.Hosting;

namespace Monalisa.Functions.Tests.Hosting;

/// <summary>What the deployed Functions app says when it refuses to start: the options' validation, run as the host runs it at start.</summary>
internal static class StartupFailure
{
    public static string MessageOf(IConfiguration configuration)
    {
        // The host registers its configuration; BindConfiguration reads it from there.
        using var provider = new ServiceCollection().AddSingleton(configuration).AddMonalisa(configuration).BuildServiceProvider();
        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        // Several settings missing: one exception each, in registration order; read as one French message.
        var failures = error is AggregateException all ? all.InnerExceptions : [error];
        Assert.All(failures, failure => Assert.IsType<OptionsValidationException>(failure));
        return string.Join(Environment.NewLine, failures.Select(f => f.Message));
    }
}
