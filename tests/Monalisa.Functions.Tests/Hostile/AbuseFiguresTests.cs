using System.Net;
using System.Net.Http.Json;
using Monalisa.Functions.Tests.Email;
using Xunit.Abstractions;

namespace Monalisa.Functions.Tests.Hostile;

/// <summary>
/// The attacks of issue 14 run as scripts against the real local host with the production limits, each writing the
/// figure docs/quality.md reports (./bench/run.sh collects the first line of each test's output).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class AbuseFiguresTests(AzuriteFixture storage, ITestOutputHelper output)
{
    /// <summary>The production defaults of AbuseSettings, over the test hosts' « limits off ».</summary>
    private static Dictionary<string, string?> ProductionLimits() => new()
    {
        ["Abuse:RateLimitsEnabled"] = "true",
        ["Abuse:MaxPlacesPerPayer"] = "6",
        ["Abuse:MaxPlacesPerAddress"] = "6",
        ["Abuse:SubmissionsPerAddressPerHour"] = "30",
        ["Abuse:SubmissionsPerEmailPerHour"] = "10",
    };

    private static string NewAddress() => $"198.51.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private static async Task<HttpResponseMessage> PostAsync(TestApi api, EnrolmentBody body, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = body.ToJsonContent() };
        request.Headers.Add("X-Forwarded-For", address);
        return await api.Client.SendAsync(request);
    }

    private static EnrolmentBody Strangers(string sessionId, int trainees)
    {
        var body = new EnrolmentBody(sessionId).Payer("email", $"payeur-{Guid.NewGuid():N}@example.org");
        for (var i = 0; i < trainees; i++) body.Trainee(email: $"inconnu-{Guid.NewGuid():N}@example.org");
        return body;
    }

    [Fact]
    public async Task A_script_from_one_address_cannot_empty_a_session_without_paying()
    {
        var course = new TestCourse(capacity: 12);
        await using var api = await TestApi.StartAsync(storage, course.Catalogue, ProductionLimits());
        var tables = new TableInspector(storage.ConnectionString);
        var address = NewAddress();

        // The attack of the issue: a new payer email each time, six trainees each, by invoice (places held for days),
        // by card (held while Checkout is open) and on the waiting list, as fast as the script can go.
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 60; i++)
        {
            var body = Strangers(course.SessionId, 6);
            _ = (i % 3) switch { 0 => body.Invoice(), 1 => body.Card(), _ => body.Invoice().WaitingList() };
            using var response = await PostAsync(api, body, address);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        }
        var heldAtOnce = await tables.CountAsync("Enrolments", course.SessionId, "seat|");

        // Card holds end with their Checkout; invoice holds lapse unless staff confirm them.
        api.Clock.Advance(TimeSpan.FromHours(1));
        (await api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).EnsureSuccessStatusCode();
        var afterCardHolds = await tables.CountAsync("Enrolments", course.SessionId, "seat|");
        api.Clock.Advance(TimeSpan.FromDays(8));
        (await api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).EnsureSuccessStatusCode();
        var afterInvoiceHolds = await tables.CountAsync("Enrolments", course.SessionId, "seat|");
        // The freed places went to the waiting list first: the script's own waiting request (one, within the address's
        // cap) got them for 48 hours; unanswered, the offer lapses and nobody of this address is left in line.
        api.Clock.Advance(TimeSpan.FromHours(49));
        (await api.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).EnsureSuccessStatusCode();
        var afterOffers = await tables.CountAsync("Enrolments", course.SessionId, "seat|");

        output.WriteLine($"Remplir une session de 12 places sans payer, 60 demandes d'une même adresse (payeur nouveau à chaque fois, 6 stagiaires) : " +
            $"{heldAtOnce} places retenues au plus, {afterCardHolds} une fois les paiements carte abandonnés expirés, {afterInvoiceHolds} après 8 jours sans confirmation de l'équipe " +
            $"(proposées à la liste d'attente), {afterOffers} une fois la proposition expirée ; " +
            $"réponses : {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        Assert.True(heldAtOnce < 12, $"{heldAtOnce} places held: the session was emptied");
        Assert.True(afterInvoiceHolds <= 6, $"{afterInvoiceHolds} places offered to one address's waiting requests");
        Assert.Equal(0, afterOffers);
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
    }

    [Fact]
    public async Task A_relay_script_gets_no_email_to_any_address_but_its_own()
    {
        await using var host = await EmailTestHost.StartAsync(storage, capacity: 200);
        var submitters = new List<string>();
        var strangers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var submitter = $"soumetteur-{Guid.NewGuid():N}@example.org";
            submitters.Add(submitter);
            var body = new EnrolmentBody(host.Course.SessionId).Invoice().Payer("email", submitter)
                .Payer("name", "Gagnez un iPhone sur https://evil.example/win").Payer("address", "Cliquez\nhttp://phish.example");
            for (var t = 0; t < 10; t++)
            {
                var stranger = $"cible-{Guid.NewGuid():N}@example.org";
                strangers.Add(stranger);
                body.Trainee(email: stranger, firstName: "Offre https://first.example");
            }
            using var response = await host.Client.PostAsync("/api/enrolments", body.ToJsonContent());
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}");
        }
        for (var i = 0; i < 10; i++)
        {
            var contact = $"contact-{Guid.NewGuid():N}@example.org";
            submitters.Add(contact);
            using var response = await host.Client.PostAsJsonAsync("/api/intra-requests", new
            {
                courseSlug = host.Course.Slug,
                organisation = "Cliquez http://phish.example/login",
                contactName = "Sacha https://contact.example",
                email = contact,
                participants = 8,
                periods = "Voir https://evil.example\net appelez le 0899",
                place = "http://phish.example",
                consent = true,
                formToken = FormTokens.Valid,
            });
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        await host.DrainQueuesAsync();

        // Every message this host handed to SendGrid (enrolments and intra requests alike): the stub is this test's own.
        var sent = host.Stub!.Accepted;
        var recipients = sent.SelectMany(s => s.To).ToList();
        var toStrangers = recipients.Count(strangers.Contains);
        var toOthers = recipients.Count(r => !submitters.Contains(r) && r != EmailTestHost.Staff);
        output.WriteLine($"Relais : 20 demandes anonymes (10 inscriptions nommant 10 inconnus chacune, 10 demandes intra) : {sent.Count} e-mails, " +
            $"{recipients.Count(submitters.Contains)} à leurs auteurs, {recipients.Count(r => r == EmailTestHost.Staff)} à l'équipe, " +
            $"{toOthers} à une autre adresse ({toStrangers} aux 100 inconnus)");
        Assert.Equal(0, toOthers);
    }

    [Fact]
    public async Task Ten_times_the_rate_limit_from_one_address_gets_429s_and_never_a_5xx()
    {
        var course = new TestCourse(capacity: 1000);
        var settings = ProductionLimits();
        settings["Abuse:MaxPlacesPerPayer"] = "1000";
        settings["Abuse:MaxPlacesPerAddress"] = "1000";
        await using var api = await TestApi.StartAsync(storage, course.Catalogue, settings);
        var limit = int.Parse(settings["Abuse:SubmissionsPerAddressPerHour"]!);
        var address = NewAddress();

        // Ten clients at once from one address, ten times the hourly limit in all.
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var retryAfter = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, limit * 10), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (_, _) =>
        {
            using var response = await PostAsync(api, Strangers(course.SessionId, 1).Invoice(), address);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && response.Headers.RetryAfter?.Delta is not null)
                Interlocked.Increment(ref retryAfter);
        });

        var created = statuses.GetValueOrDefault(201);
        var limited = statuses.GetValueOrDefault(429);
        output.WriteLine($"Limiteur sous 10 fois son seuil ({limit} demandes par heure et par adresse ; {limit * 10} demandes, 10 à la fois) : " +
            $"{created} acceptées, {limited} × 429 (dont {retryAfter} avec Retry-After), {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)} × 5xx");
        Assert.InRange(created, 1, limit);
        Assert.Equal(limit * 10 - created, limited);
        Assert.Equal(limited, retryAfter);
    }
}
