using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        return services;
    }
}
