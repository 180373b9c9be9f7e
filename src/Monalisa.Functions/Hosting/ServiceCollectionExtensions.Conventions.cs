using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Conventions;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddConventions(this IServiceCollection services)
    {
        // The convention's text, HTML and PDF from one render; the PDF once the Documents feature registers IPdfWriter.
        services.AddSingleton<ConventionDocuments>();
        // The online acceptance: checked against the server's render, decided by the domain, written by the enrolment store.
        services.AddSingleton<ConventionAcceptances>();
        return services;
    }
}
