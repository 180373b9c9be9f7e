using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monalisa.Functions.Email;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Tests.Hosting;

namespace Monalisa.Functions.Tests.Email;

[Collection(AzuriteCollection.Name)]
public sealed class LocalOutboxTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Without_a_sendgrid_key_the_local_host_writes_eml_files_listed_newest_first_at_dev_mail()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        await host.DrainQueuesAsync(); // the shared queue may hold messages other tests left: this test counts its own
        await host.EnrolByInvoiceAsync(firstTraineeName: "<script>alert(1)</script>");
        var drained = await host.DrainQueuesAsync();
        Assert.Equal(1, drained.GetProperty("processed").GetInt32()); // one message for the enrolment's two emails (payer, staff)

        // The shared queue may also hold other tests' messages: count this test's emails by their outbox ids.
        var ids = (await host.OutboxAsync()).Select(EmailTestHost.IdOf).ToList();
        var folder = Path.Combine(host.Api.Services.GetRequiredService<IConfiguration>()["LocalHost:DataFolder"]!, "outbox");
        var emls = Directory.GetFiles(folder, "*.eml").Select(File.ReadAllText).Where(e => ids.Any(id => e.Contains($"X-Monalisa-Outbox-Id: {id}"))).ToList();
        Assert.Equal(2, emls.Count);
        var eml = emls[0];
        Assert.Contains("MIME-Version: 1.0", eml);
        Assert.Contains("Content-Type: multipart/alternative", eml);
        Assert.Contains("X-Monalisa-Outbox-Id: ", eml);

        var list = await host.Client.GetStringAsync("/_dev/mail");
        Assert.Contains("E-mails envoyés (local)", list);
        Assert.Contains("[Inscription] 2027-03 Lyon — CCAS de Lyon — 2 stagiaires — 800\u00A0€", WebUtility.HtmlDecode(list));
        Assert.Contains("compta@ccas-lyon.example.org", list);

        var link = System.Text.RegularExpressions.Regex.Match(list, "href=\"/_dev/mail/([0-9A-Za-z-]+)\"").Groups[1].Value;
        var page = await host.Client.GetStringAsync($"/_dev/mail/{link}");
        Assert.Contains("Version texte", page);
        Assert.Contains("<iframe sandbox", page);
        var html = await host.Client.GetAsync($"/_dev/mail/{link}/html");
        Assert.StartsWith("sandbox", html.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script>", await html.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/_dev/mail/{link}/eml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/_dev/mail/..%2F..%2Fsecret")).StatusCode);
    }

    [Fact]
    public async Task The_convocation_ics_can_be_downloaded_from_dev_mail()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");
        await host.DrainQueuesAsync();
        var list = await host.Client.GetStringAsync("/_dev/mail");
        var convocation = System.Text.RegularExpressions.Regex.Match(list, "href=\"/_dev/mail/([0-9A-Za-z-]+)\">Convocation").Groups[1].Value;
        var ics = await host.Client.GetAsync($"/_dev/mail/{convocation}/attachments/0");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!.Events.Count);
    }

    [Fact]
    public void Without_a_sendgrid_key_in_azure_the_app_refuses_to_start_with_a_french_message()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Stripe:SecretKey"] = "sk_test_only",
            ["Stripe:WebhookSecret"] = "whsec_test_only",
            ["Enrolment:LockKey"] = "cle-de-test-des-verrous-stagiaires-assez-longue",
        }).Build();
        var message = StartupFailure.MessageOf(configuration);
        Assert.StartsWith("Configuration incomplète : SendGrid:ApiKey est obligatoire", message);
    }

    [Fact]
    public void A_sendgrid_key_without_sender_or_staff_addresses_refuses_to_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Stripe:SecretKey"] = "sk_test_only",
            ["Stripe:WebhookSecret"] = "whsec_test_only",
            ["SendGrid:ApiKey"] = SendGridStub.ApiKey,
            ["Enrolment:LockKey"] = "cle-de-test-des-verrous-stagiaires-assez-longue",
        }).Build();
        var message = StartupFailure.MessageOf(configuration);
        Assert.Contains("Email:FromAddress et Email:StaffRecipients sont obligatoires", message);
    }
}
