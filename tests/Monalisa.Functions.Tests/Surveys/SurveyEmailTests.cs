using System.Net;
using System.Text.RegularExpressions;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Surveys;

/// <summary>The invitation and reminder emails: each trainee gets their own link, which opens the form; the reminder goes only to who has not answered.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SurveyEmailTests(AzuriteFixture storage)
{
    private static readonly DateTimeOffset AfterLastHalfDay = new(2027, 3, 17, 16, 30, 0, TimeSpan.Zero);

    [GeneratedRegex(@"https?://[^\s)\]]+(/api/questionnaires/chaud/[^\s)\]]+)")]
    private static partial Regex Link();

    private static string LinkIn(SendGridStub.Received mail) => WebUtility.HtmlDecode(Link().Match(mail.Text).Groups[1].Value);

    [Fact]
    public async Task Each_trainee_gets_a_personal_link_to_the_form_and_only_who_has_not_answered_is_reminded()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.EnrolByInvoiceAsync(emailPrefix: Guid.NewGuid().ToString("N")[..6]);
        host.Api.Clock.SetUtcNow(AfterLastHalfDay);
        (await host.Client.PostAsync("/_dev/timers/SendSurveys", null)).EnsureSuccessStatusCode();
        await host.DrainQueuesAsync();

        var invitations = host.Stub!.Accepted.Where(m => m.Subject.StartsWith("Votre avis sur la formation", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, invitations.Count);
        var links = invitations.Select(LinkIn).ToList();
        Assert.All(links, l => Assert.Contains("?token=", l));
        Assert.NotEqual(links[0], links[1]);
        var camille = invitations.Single(m => m.To.Any(t => t.Contains("camille", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(LinkIn(camille))).StatusCode);

        var fields = new List<KeyValuePair<string, string>> { new("objectifs", "4"), new("contenu", "4"), new("formateurs", "4"), new("organisation", "4"), new("global", "4") };
        for (var i = 0; i < host.Course.Course.Objectives.Count; i++) fields.Add(new($"objectif-{i + 1}", "2"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(LinkIn(camille), new FormUrlEncodedContent(fields))).StatusCode);

        host.Api.Clock.Advance(TimeSpan.FromDays(5));
        (await host.Client.PostAsync("/_dev/timers/SendSurveys", null)).EnsureSuccessStatusCode();
        (await host.Client.PostAsync("/_dev/timers/SendSurveys", null)).EnsureSuccessStatusCode();
        await host.DrainQueuesAsync();
        var reminder = Assert.Single(host.Stub.Accepted, m => m.Subject.StartsWith("Rappel", StringComparison.Ordinal));
        Assert.Contains(reminder.To, t => t.Contains("dominique", StringComparison.Ordinal));
        Assert.Contains("C'est le seul rappel", reminder.Text);
    }
}
