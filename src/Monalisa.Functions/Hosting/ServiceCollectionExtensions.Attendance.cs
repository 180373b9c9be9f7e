using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddAttendance(this IServiceCollection services)
    {
        // The published summary of a session's attendance, read by Certificates and the BPF.
        services.AddSingleton<Attendance.AttendanceSummaries>();
        return services;
    }
}
