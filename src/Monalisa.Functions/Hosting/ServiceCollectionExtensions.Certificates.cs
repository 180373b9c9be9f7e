using Microsoft.Extensions.DependencyInjection;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        // Attendance tells Certificates that a session closed through this port (a queue message).
        services.AddSingleton<Attendance.ICertificateTrigger, Certificates.CertificateQueue>();
        services.AddSingleton<Certificates.CertificateStore>();
        services.AddSingleton<Certificates.CertificatePrinter>();
        services.AddSingleton<Certificates.CertificateIssuer>();
        services.AddSingleton<Email.CertificateEmails>();
        return services;
    }
}
