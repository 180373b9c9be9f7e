using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddDocuments(this IServiceCollection services) => services;
}
