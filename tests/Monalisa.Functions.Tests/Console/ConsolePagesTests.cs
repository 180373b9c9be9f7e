using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Console;

/// <summary>
/// The staff console's pages over Azurite: the dashboard's figures against the raw rows of the session's partition,
/// counted here without the code under test; the enrolment page's timeline; notes; and refusals without sign-in.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ConsolePagesTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 12);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private StripeStub _stripe = null!;
    private SendGridStub _sendGrid = null!;
    private TestApi _api = null!;
    private volatile bool _emailsFail;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStub.StartAsync();
        _sendGrid = await SendGridStub.StartAsync();
        _sendGrid.Script = _ => _emailsFail ? (400, null) : (202, null);
        _api = await TestApi.StartAsync(storage, _course.Catalogue, _stripe.AppSettings(
            ("LocalHost:QueueSeconds", "0"), ("LocalHost:TimerSeconds", "0"),
            ("Email:FromAddress", "formations@monalisa.test"), ("Email:StaffRecipients", EmailTestHost.Staff),
            ("SendGrid:ApiKey", SendGridStub.ApiKey), ("SendGrid:Host", _sendGrid.BaseUrl),
            // One test client enrols several times for different payers: the caps are tested elsewhere.
            ("Abuse:MaxPlacesPerPayer", "50"), ("Abuse:MaxPlacesPerAddress", "50")));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _stripe.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    private async Task<string> EnrolAsync(EnrolmentBody body, string payerEmail)
    {
        body.Json["payer"]!["email"] = payerEmail;
        var response = await _api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task PayByCardAsync(string id)
    {
        var enrolment = (await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;
        var payload = StripeEvents.CheckoutEvent("evt_" + Guid.NewGuid().ToString("N"), "checkout.session.completed", enrolment, _api.Clock.GetUtcNow(), "paid", null, "eur");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeEvents.Sign(payload, StripeStub.WebhookSecret, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.SendAsync(request)).StatusCode);
    }

    private async Task DrainAsync() => (await _api.Client.PostAsync("/_dev/queues/run", null)).EnsureSuccessStatusCode();

    private string Session => _course.SessionId;

    [Fact]
    public async Task The_dashboard_figures_equal_what_the_session_partition_holds_after_a_mix_of_enrolments()
    {
        var staff = await _api.SignInAsync();
        // Paid by card (2 places), card not paid yet (1), invoice waiting (1), invoice confirmed by staff (1 + 1 volunteer), waiting list (3).
        var paid = await EnrolAsync(new EnrolmentBody(Session).Professionals(2).Card(), "a@example.org");
        await PayByCardAsync(paid);
        await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Card(), "b@example.org");
        _emailsFail = true;
        await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "c@example.org");
        await DrainAsync();
        _emailsFail = false;
        var confirmed = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Volunteers(1).Invoice(), "d@example.org");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/staff/enrolments/{confirmed}/confirm", null)).StatusCode);
        await EnrolAsync(new EnrolmentBody(Session).Professionals(3).Invoice().WaitingList(), "e@example.org");
        await DrainAsync();

        var page = await staff.GetAsync("/api/equipe");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var row = Row(await page.Content.ReadAsStringAsync(), Session);

        // Counted from the raw rows, by the rules written in docs/staff.md, without the console's code.
        var enrolments = await _tables.PartitionAsync("Enrolments", Session, "enrolment|");
        int Places(TableEntity e) => (e.GetString("Seats") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Length;
        IEnumerable<TableEntity> In(string state) => enrolments.Where(e => e.GetString("State") == state);
        var seatRows = await _tables.CountAsync("Enrolments", Session, "seat|");
        var failed = (await _tables.PartitionAsync("Enrolments", Session, "outbox|")).Count(o => o.GetString("Status") == "failed");

        Assert.Equal(In("Confirmed").Sum(Places), Figure(row, "confirmed"));
        Assert.Equal(4, Figure(row, "confirmed"));
        Assert.Equal(In("PendingPayment").Sum(Places), Figure(row, "held-PendingPayment"));
        Assert.Equal(In("AwaitingInvoice").Sum(Places), Figure(row, "held-AwaitingInvoice"));
        Assert.Equal(seatRows, Figure(row, "confirmed") + Figure(row, "held"));
        Assert.Equal(_course.Course.Sessions[0].Capacity - seatRows, Figure(row, "free"));
        Assert.Equal(In("WaitingList").Count(), Figure(row, "waiting-requests"));
        Assert.Equal(In("WaitingList").Sum(e => e.GetInt32("TraineeCount") ?? 0), Figure(row, "waiting-trainees"));
        Assert.Equal(enrolments.Where(e => e.GetDateTimeOffset("PaidAt") is not null && e.GetString("State") != "Refunded").Sum(e => e.GetInt64("PaidAmountCents") ?? 0), Cents(row, "paid"));
        Assert.Equal(100_000, Cents(row, "paid"));
        Assert.Equal(In("Confirmed").Where(e => e.GetString("PaymentMethod") == "Invoice" && e.GetDateTimeOffset("PaidAt") is null).Sum(e => e.GetInt64("TotalCents") ?? 0), Cents(row, "unpaid"));
        Assert.Equal(80_000, Cents(row, "unpaid"));
        Assert.Equal(In("Refunded").Sum(e => e.GetInt64("PaidAmountCents") ?? 0), Cents(row, "refunded"));
        Assert.True(failed > 0, "the scripted SendGrid refusal should have left failed outbox rows");
        Assert.Equal(failed, Figure(row, "failed-emails"));
    }

    [Fact]
    public async Task An_invoice_hold_lapsing_within_48_hours_is_listed_as_a_decision_linking_to_the_enrolment()
    {
        var staff = await _api.SignInAsync();
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "f@example.org");
        Assert.DoesNotContain($"/api/equipe/inscriptions/{id}", Row(await staff.GetStringAsync("/api/equipe"), Session));

        _api.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(1));

        var row = Row(await staff.GetStringAsync("/api/equipe"), Session);
        Assert.Matches($"data-decision=\"InvoiceHoldLapsing\"><a href=\"/api/equipe/inscriptions/{id}\"", row);
    }

    [Fact]
    public async Task A_note_added_by_form_is_in_the_timeline_with_the_authors_name_and_in_storage()
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "g@example.org");
        var staff = await _api.SignInAsync("Camille Martin");

        var posted = await staff.PostAsync($"/api/staff/enrolments/{id}/notes",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = "Rappeler le CCAS lundi <b>avant midi</b>" }));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal($"/api/equipe/inscriptions/{id}?fait=note", posted.Headers.Location!.OriginalString);
        var html = await staff.GetStringAsync(posted.Headers.Location.OriginalString);
        var note = Regex.Match(html, "<li data-type=\"event\" data-kind=\"NoteAdded\">.*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("data-actor=\"Staff\">Camille Martin</span>", note);
        Assert.Contains("Rappeler le CCAS lundi &lt;b&gt;avant midi&lt;/b&gt;", note);
        Assert.Contains("role=\"status\">Note ajoutée au journal.", html);

        var rows = await _tables.PartitionAsync("Enrolments", Session, $"event|{id}|");
        var stored = Assert.Single(rows, r => r.GetString("Kind") == "NoteAdded");
        Assert.Equal("Camille Martin", stored.GetString("ActorName"));
    }

    [Fact]
    public async Task A_note_sent_as_json_answers_json_and_names_its_author()
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "h@example.org");
        var staff = await _api.SignInAsync("Dominique Leroy");

        var response = await staff.PostAsJsonAsync($"/api/staff/enrolments/{id}/notes", new { text = "Facture envoyée" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Dominique Leroy", json.GetProperty("author").GetString());
        Assert.Contains("Dominique Leroy", await staff.GetStringAsync($"/api/equipe/inscriptions/{id}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_note_is_refused_with_a_french_message_on_the_text_field_and_writes_nothing(string? text)
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "i@example.org");
        var staff = await _api.SignInAsync();
        var fields = text is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["text"] = text };

        var response = await staff.PostAsync($"/api/staff/enrolments/{id}/notes", new FormUrlEncodedContent(fields));

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Écrivez la note", errors["text"][0]);
        Assert.DoesNotContain(await _tables.PartitionAsync("Enrolments", Session, $"event|{id}|"), r => r.GetString("Kind") == "NoteAdded");
    }

    [Fact]
    public async Task A_note_over_2000_characters_is_refused_and_a_browser_gets_a_french_page_back_to_the_enrolment()
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "j@example.org");
        var staff = await _api.SignInAsync();

        var json = await staff.PostAsJsonAsync($"/api/staff/enrolments/{id}/notes", new { text = new string('a', 2001) });
        var errors = await ProblemAssert.IsProblemAsync(json, HttpStatusCode.BadRequest);
        Assert.Contains("2000 caractères", errors["text"][0]);

        using var form = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/enrolments/{id}/notes")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = new string('a', 2001) }),
        };
        form.Headers.Accept.ParseAdd("text/html");
        var page = await staff.SendAsync(form);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("La note ne doit pas dépasser", html);
        Assert.Contains($"href=\"/api/equipe/inscriptions/{id}\"", html);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/staff/enrolments/{id}/notes", new { text = new string('a', 2000) })).StatusCode);
    }

    [Fact]
    public async Task The_enrolment_page_shows_creation_the_stripe_payment_and_each_email_in_its_timeline()
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(2).Card(), "k@example.org");
        await PayByCardAsync(id);
        await DrainAsync();
        var staff = await _api.SignInAsync();

        var html = await staff.GetStringAsync($"/api/equipe/inscriptions/{id}");

        Assert.Contains("<li data-type=\"created\" data-kind=\"Card\">", html);
        var payment = Regex.Match(html, "<li data-type=\"event\" data-kind=\"PaymentReported\">.*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("data-actor=\"Stripe\">Stripe</span>", payment);
        Assert.True(Regex.IsMatch(payment, @"Paiement par carte reçu : 1(\s|&#xA0;)000(\s|&#xA0;)€"), payment);
        var outbox = (await _tables.PartitionAsync("Enrolments", Session, "outbox|")).Where(o => o.GetString("Subject") == $"enrolment|{id}").ToList();
        Assert.NotEmpty(outbox);
        Assert.Equal(outbox.Count, Regex.Matches(html, "<li data-type=\"email\"").Count);
        Assert.Equal(outbox.Count(o => o.GetString("Kind") == "convocation"), Regex.Matches(html, "data-kind=\"convocation\"").Count);
        Assert.Contains("data-email-status=\"sent\"", html);
        Assert.Contains("Inscription confirmée", html);
    }

    [Fact]
    public async Task The_enrolment_page_offers_only_the_actions_its_state_allows()
    {
        var awaiting = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "l@example.org");
        var card = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Card(), "m@example.org");
        await PayByCardAsync(card);
        var staff = await _api.SignInAsync();

        var invoicePage = await staff.GetStringAsync($"/api/equipe/inscriptions/{awaiting}");
        Assert.Contains($"action=\"/api/staff/enrolments/{awaiting}/purchase-order\"", invoicePage);
        Assert.Contains($"action=\"/api/staff/enrolments/{awaiting}/extend\"", invoicePage);
        Assert.Contains($"action=\"/api/staff/enrolments/{awaiting}/payments\"", invoicePage);
        Assert.DoesNotContain("/convocation\"", invoicePage);

        var cardPage = await staff.GetStringAsync($"/api/equipe/inscriptions/{card}");
        Assert.DoesNotContain("/extend\"", cardPage);
        Assert.DoesNotContain("/payments\"", cardPage);
        Assert.Contains($"action=\"/api/staff/enrolments/{card}/convocation\"", cardPage);
        Assert.Contains($"action=\"/api/staff/enrolments/{card}/cancel\"", cardPage);
    }

    [Fact]
    public async Task The_session_page_lists_trainees_and_the_waiting_list_oldest_first_with_the_export_and_the_cancel_form()
    {
        await EnrolAsync(new EnrolmentBody(Session).Trainee(firstName: "Alix", lastName: "Premier").Invoice(), "n@example.org");
        var first = await EnrolAsync(new EnrolmentBody(Session).Trainee(firstName: "Basile", lastName: "Attente").Invoice().WaitingList(), "o@example.org");
        _api.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await EnrolAsync(new EnrolmentBody(Session).Trainee(firstName: "Chloé", lastName: "Attente").Invoice().WaitingList(), "p@example.org");
        var staff = await _api.SignInAsync();

        var html = await staff.GetStringAsync($"/api/equipe/sessions/{Session}");

        Assert.Contains("Alix Premier", html);
        var waiting = Regex.Match(html, "<ol class=\"console-waiting\">.*?</ol>", RegexOptions.Singleline).Value;
        var firstAt = waiting.IndexOf(first, StringComparison.Ordinal);
        Assert.True(firstAt >= 0 && firstAt < waiting.IndexOf(second, StringComparison.Ordinal), waiting);
        Assert.Contains($"href=\"/api/staff/sessions/{Session}/enrolments.csv\"", html);
        Assert.Contains($"action=\"/api/staff/sessions/{Session}/cancel\"", html);
        Assert.Contains("name=\"confirm\" type=\"checkbox\" value=\"oui\"", html);
    }

    [Theory]
    [InlineData("/api/equipe")]
    [InlineData("/api/equipe/sessions/{session}")]
    [InlineData("/api/equipe/inscriptions/{session}_abcdefghijkmnpqr")]
    public async Task Console_pages_refuse_without_sign_in_and_without_the_staff_role(string path)
    {
        path = path.Replace("{session}", Session, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync(path), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await (await _api.SignInAsync("Sam Formateur", "trainer")).GetAsync(path), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_note_without_sign_in_is_refused_and_writes_nothing()
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "q@example.org");

        var response = await _api.Client.PostAsync($"/api/staff/enrolments/{id}/notes", new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = "x" }));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(await _tables.PartitionAsync("Enrolments", Session, $"event|{id}|"), r => r.GetString("Kind") == "NoteAdded");
    }

    [Fact]
    public async Task A_known_confirmation_code_shows_a_status_message_and_an_unknown_one_shows_nothing()
    {
        var id = await EnrolAsync(new EnrolmentBody(Session).Professionals(1).Invoice(), "r@example.org");
        var staff = await _api.SignInAsync();

        Assert.Contains("<p class=\"console-done\" role=\"status\">Réservation prolongée.</p>", await staff.GetStringAsync($"/api/equipe/inscriptions/{id}?fait=prolongation"));
        var unknown = await staff.GetStringAsync($"/api/equipe/inscriptions/{id}?fait=%3Cscript%3Einconnu");
        Assert.DoesNotContain("role=\"status\"", unknown);
        Assert.DoesNotContain("inconnu", unknown);
    }

    [Fact]
    public async Task An_unknown_enrolment_or_session_is_a_404_page()
    {
        var staff = await _api.SignInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/equipe/inscriptions/{Session}_abcdefghijkmnpqr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/api/equipe/sessions/inconnue")).StatusCode);
    }

    /// <summary>The dashboard's row of one session.</summary>
    private static string Row(string html, string sessionId)
    {
        var row = Regex.Match(html, $"<tr data-session-id=\"{Regex.Escape(sessionId)}\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for {sessionId}");
        return row.Value;
    }

    private static int Figure(string row, string name)
    {
        var match = Regex.Match(row, $"data-figure=\"{Regex.Escape(name)}\"[^>]*>(\\d+)<");
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }

    private static long Cents(string row, string name) =>
        long.Parse(Regex.Match(row, $"data-figure=\"{name}\" data-cents=\"(\\d+)\"").Groups[1].Value);
}
