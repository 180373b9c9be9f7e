using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monalisa.Functions.Email;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Tests.Email;

/// <summary>The self-funded trainee's emails, through the real outbox and the SendGrid stub (Stripe offline).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedEmailTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_contract_email_carries_the_contract_its_hash_and_a_working_withdrawal_link_then_each_instalment_gets_a_receipt()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(host.Course.SessionId).Trainee("volunteer", email: "anne.martin@example.org").SelfFunded(host.Course.ContractSha256).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var setupUrl = new Uri(created.GetProperty("checkoutUrl").GetString()!);
        await host.DrainQueuesAsync();

        var records = await host.OutboxAsync();
        var sent = host.Stub!.For(records.Select(EmailTestHost.IdOf));
        var contract = sent.Single(s => s.Subject.StartsWith("Contrat de formation", StringComparison.Ordinal));
        // The payer is the trainee: the contract goes to the address given for them.
        Assert.Equal(["anne.martin@example.org"], contract.To);
        Assert.Contains(host.Course.ContractSha256, contract.Text);
        Assert.Contains("Les formateurs sont des professionnels", contract.Text);
        Assert.Contains("11 décembre 2026", contract.Text); // day 10, the last day to withdraw
        // The readable page and the exact text (whose SHA-256 the email prints).
        Assert.Equal([EmailTemplates.ContractFileName, Monalisa.Domain.SelfFunded.TrainingContract.TextFileName],
            contract.Attachments.Select(a => a.GetProperty("filename").GetString()));
        var attachment = contract.Attachments.First();
        Assert.Contains("Contrat de formation professionnelle", Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)));
        Assert.Contains(sent, s => s.Subject.StartsWith("[Inscription]", StringComparison.Ordinal));

        // The withdrawal link in the email works (its page asks for a confirmation).
        var link = System.Text.RegularExpressions.Regex.Match(contract.Html, "href=\"([^\"]*/withdraw\\?token=[^\"]*)\"").Groups[1].Value;
        var page = await host.Client.GetAsync(new Uri(System.Net.WebUtility.HtmlDecode(link)).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Je me rétracte", await page.Content.ReadAsStringAsync());

        // Card saved offline, day 11: the first instalment's receipt and the convocation.
        var token = System.Web.HttpUtility.ParseQueryString(setupUrl.Query)["token"]!;
        await host.Client.PostAsync(setupUrl.AbsolutePath + "/save", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        host.Api.Clock.Advance(TimeSpan.FromDays(11));
        (await host.Client.PostAsync("/_dev/timers/ChargeInstalments", null)).EnsureSuccessStatusCode();
        await host.DrainQueuesAsync();
        sent = host.Stub.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        var receipt = Assert.Single(sent, s => s.Subject.StartsWith("Reçu de paiement", StringComparison.Ordinal));
        Assert.Contains("premier versement", receipt.Text);
        Assert.Single(sent, s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal));
    }
}
