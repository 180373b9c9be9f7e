using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddConventions(this IServiceCollection services) => services;
}
