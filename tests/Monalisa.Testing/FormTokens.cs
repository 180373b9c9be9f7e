using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Abuse;

namespace Monalisa.Testing;

/// <summary>
/// Form tokens as the API hands them out (GET /api/form-token), signed with the test hosts' secret. Every test host
/// signs with <see cref="TestSecret"/>; <see cref="Valid"/> was issued long before any test's fake clock, and test hosts
/// accept tokens that old (<see cref="LocalHostFactory.TestSettings"/>), so a body built anywhere carries one that passes.
/// Tests of the token itself start a host with the real age limits and issue their own with <see cref="IssuedAt"/>.
/// </summary>
public static class FormTokens
{
    public const string TestSecret = "secret-des-hotes-de-test-pour-les-jetons-0123456789";
    public static readonly DateTimeOffset LongAgo = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Valid { get; } = IssuedAt(LongAgo);

    public static string IssuedAt(DateTimeOffset at, string secret = TestSecret) =>
        FormToken.Issue(new AbuseSettings { Secret = secret }.KeyFor("form-token"), at);
}
