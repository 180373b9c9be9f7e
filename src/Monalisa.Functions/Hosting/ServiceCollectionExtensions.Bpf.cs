using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Bpf;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddBpf(this IServiceCollection services)
    {
        // Reads the ledger, enrolments and attendance for one year; holds nothing itself.
        services.AddSingleton<BpfYearReader>();
        return services;
    }
}
