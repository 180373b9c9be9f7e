using System.Net;
using Microsoft.Extensions.Configuration;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Validation;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Enrolment;

/// <summary>
/// Issue 14, « Privacy »: the answer to a request does not tell a stranger whether an address is enrolled, a real
/// duplicate stays harmless and is told at the addresses on file, the payer coming back gets the payment link, and
/// look-alike spellings of an address are one person under a secret-keyed lock.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EnrolmentOracleTests(AzuriteFixture storage)
{
    private const string Anne = "anne.martin@example.org";
    private const string OnFilePayer = "compta@ccas-lyon.example.org";
    private const string Stranger = "curieux@example.net";

    private static async Task<(HttpStatusCode Status, string Body, string? Location)> AnswerAsync(HttpClient client, HttpContent content)
    {
        var response = await client.PostAsync("/api/enrolments", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_request_naming_an_enrolled_person_is_answered_as_any_request_received_and_takes_no_second_place()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var session = host.Course.SessionId;
        var first = await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(session).Trainee(email: Anne).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var probe = await AnswerAsync(host.Client, new EnrolmentBody(session).Trainee(email: Anne).Payer("email", Stranger).Card().ToJsonContent());
        var probeByForm = await AnswerAsync(host.Client, new EnrolmentBody(session).Trainee(email: Anne).Payer("email", Stranger).ToFormContent());

        // « Received »: nothing in the answer names the person, the enrolment on file or why no place was taken.
        Assert.Equal((HttpStatusCode.Accepted, """{"status":"received"}""", (string?)null), probe);
        Assert.Equal(HttpStatusCode.SeeOther, probeByForm.Status);
        Assert.EndsWith("/inscription/enregistree/", probeByForm.Location);
        var tables = new TableInspector(storage.ConnectionString);
        Assert.Equal(1, await tables.CountAsync("Enrolments", session, "seat|"));
        Assert.Equal(1, await tables.CountAsync("Enrolments", session, "enrolment|"));
    }

    [Fact]
    public async Task A_probe_repeated_tells_the_person_on_file_and_staff_once_a_day_and_the_stranger_nothing()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var session = host.Course.SessionId;
        await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(session).Trainee(email: Anne).ToJsonContent());
        await host.DrainQueuesAsync();
        var before = (await host.OutboxAsync()).Count;

        for (var i = 0; i < 5; i++)
            await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(session).Trainee(email: Anne.ToUpperInvariant()).Payer("email", Stranger).Card().ToJsonContent());
        await host.DrainQueuesAsync();

        var records = await host.OutboxAsync();
        Assert.Equal(before + 2, records.Count);
        var sent = host.Stub!.For(records.Select(EmailTestHost.IdOf));
        var toAnne = Assert.Single(sent, s => s.To.SequenceEqual([Anne]));
        Assert.Equal(EmailKind.DuplicateRequest, toAnne.Body.GetProperty("custom_args").GetProperty("kind").GetString());
        Assert.Contains("aucune seconde place", toAnne.Text);
        Assert.Single(sent, s => s.To.SequenceEqual([EmailTestHost.Staff]) && s.Subject.StartsWith("[Demande en double]", StringComparison.Ordinal));
        Assert.DoesNotContain(sent, s => s.To.Contains(Stranger));
    }

    [Fact]
    public async Task A_payer_coming_back_after_closing_the_payment_page_gets_the_payment_link_at_the_address_on_file()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var session = host.Course.SessionId;
        var body = new EnrolmentBody(session).Trainee(email: Anne).Card();
        var first = await host.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        var checkoutUrl = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkoutUrl").GetString()!;

        var again = await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(session).Trainee(email: Anne).Card().ToJsonContent());
        await host.DrainQueuesAsync();

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        var toPayer = sent.Where(s => s.To.SequenceEqual([OnFilePayer])).ToList();
        Assert.Equal(2, toPayer.Count);
        Assert.All(toPayer, s => Assert.Contains(checkoutUrl, s.Text));
        Assert.DoesNotContain(sent, s => s.To.Contains(Anne));
    }

    [Fact]
    public async Task A_look_alike_spelling_of_an_enrolled_address_is_the_same_person()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var session = host.Course.SessionId;
        await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(session).Trainee(email: Anne).ToJsonContent());

        // Full-width letters and an upper-case domain: NFKC and the domain's case make it Anne's address again.
        var again = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(session).Trainee(email: "ａｎｎｅ.martin@EXAMPLE.ORG").Payer("email", Stranger).ToJsonContent());

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(1, await new TableInspector(storage.ConnectionString).CountAsync("Enrolments", session, "seat|"));
    }

    [Theory]
    [InlineData("anne.martin\u200B@example.org")]
    [InlineData("anne.martin@exa\u00ADmple.org")]
    [InlineData("anne.martin@example.org\u202E")]
    public async Task An_address_carrying_an_invisible_character_is_refused_with_a_french_message(string email)
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(host.Course.SessionId).Trainee(email: email).ToJsonContent());

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([EmailNormalisation.HiddenCharacters], errors["trainees[0].email"]);
    }

    [Fact]
    public async Task The_lock_of_an_address_is_keyed_with_a_secret_not_a_plain_hash_anyone_can_recompute()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var session = host.Course.SessionId;
        await host.Client.PostAsync("/api/enrolments", new EnrolmentBody(session).Trainee(email: Anne).ToJsonContent());

        var locks = await new TableInspector(storage.ConnectionString).PartitionAsync("Enrolments", session, "trainee|");
        var plain = "trainee|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Anne)));
        Assert.Single(locks);
        Assert.NotEqual(plain, locks[0].RowKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("trop-courte")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/enrolment-lock-key)")]
    public void The_app_refuses_to_start_with_a_lock_key_missing_short_or_left_as_an_unresolved_key_vault_reference(string key)
    {
        var result = new TraineeLockOptionsValidator().Validate(null, new TraineeLockOptions { LockKey = key });

        Assert.True(result.Failed);
        Assert.Contains("Enrolment:LockKey", result.FailureMessage);
    }

    [Fact]
    public void Outside_the_local_host_the_app_refuses_to_start_without_a_lock_key_and_names_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        }).Build();

        Assert.Contains("Enrolment:LockKey est obligatoire", Monalisa.Functions.Tests.Hosting.StartupFailure.MessageOf(configuration));
    }
}
