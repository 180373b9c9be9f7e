using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monalisa.Functions.Tests.Http;

/// <summary>Access tokens and function keys travel in query strings: no log line of the app prints them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LogRedactionTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Request_logs_never_print_a_token_or_a_function_key_from_the_query_string()
    {
        var logs = new LogCapture();
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue,
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            services => services.AddSingleton<ILoggerProvider>(logs));

        await api.Client.GetAsync($"/api/enrolments/{course.SessionId}-inconnue/withdraw?token=jeton-secret-de-test");
        await api.Client.GetAsync($"/api/staff/sessions/{course.SessionId}/enrolments.csv?code=cle-secrete-de-test");
        await api.Client.GetAsync("/api/enrolments/x/status?token=autre-jeton-secret&id=x");

        Assert.Contains(logs.Lines, l => l.Contains("/withdraw", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("jeton-secret", StringComparison.Ordinal) || l.Contains("cle-secrete", StringComparison.Ordinal)
            || l.Contains("autre-jeton", StringComparison.Ordinal));
    }
}
