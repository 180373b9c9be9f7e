namespace Monalisa.Functions.Http;

/// <summary>
/// A console form that names a trainee by position carries the version of the trainee list it was shown
/// (<c>version</c>: a hash of the trainees in order): once a trainee is cancelled or replaced the positions shift, so a
/// second click or an old tab must not act on whoever now stands at that position. Not the time of the last change:
/// two changes can share one instant. Clients that send no version (the JSON API) are not checked.
/// </summary>
internal static class FormVersion
{
    public const string Field = "version";

    public static string Of(Monalisa.Domain.Enrolment.EnrolmentRecord enrolment) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', enrolment.Trainees.Select(t => t.Email)))))[..16];

    public static bool IsStale(string? sent, Monalisa.Domain.Enrolment.EnrolmentRecord enrolment) =>
        !string.IsNullOrWhiteSpace(sent) && sent.Trim() != Of(enrolment);

    public static Microsoft.AspNetCore.Mvc.ProblemDetails Stale() => Problems.Conflict(Monalisa.Content.ProblemTypes.TransitionRefused,
        "Cette inscription a changé depuis l'affichage de la page (un stagiaire a pu être annulé ou remplacé) : rechargez la page et recommencez.");
}
