using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Surveys;

namespace Monalisa.Functions.Hosting;

public static partial class ServiceCollectionExtensions
{
    private static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        // Invitations, reminders and answers (table Surveys), each an insert: sent once, answered once.
        services.AddSingleton<SurveyStore>();
        // What the hourly timer sends: the domain's schedule over the session's active enrolments.
        services.AddSingleton<SurveySender>();
        // The published figures (api/resultats) and the staff view, computed from the stored answers.
        services.AddSingleton<SurveyResults>();
        // The invitation and reminder emails, composed for the outbox by EmailComposer's Surveys branch.
        services.AddSingleton<Email.SurveyEmails>();
        return services;
    }
}
