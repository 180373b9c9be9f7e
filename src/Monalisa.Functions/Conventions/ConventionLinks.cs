namespace Monalisa.Functions.Conventions;

/// <summary>Where the convention's pages are, for the emails (with the enrolment's action token).</summary>
internal static class ConventionLinks
{
    /// <summary>The payer's page: the convention and its acceptance form (add <c>token=…</c>).</summary>
    public static string PayerPath(string enrolmentId) => $"api/conventions/{Uri.EscapeDataString(enrolmentId)}";
}
