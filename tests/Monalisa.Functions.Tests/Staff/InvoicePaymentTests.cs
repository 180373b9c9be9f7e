using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Staff;

/// <summary>
/// An invoice enrolment is confirmed by staff or a purchase order, and paid later: no email may say « Montant réglé »
/// until staff record a payment, and a recorded payment is counted once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InvoicePaymentTests(AzuriteFixture storage)
{
    private const string Payer = "compta@ccas-lyon.example.org";

    private static async Task<EnrolmentRecord> EnrolmentAsync(EmailTestHost host, string id) =>
        (await host.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

    private static async Task<HttpResponseMessage> PostJsonAsync(EmailTestHost host, string path, object body) =>
        await (await host.StaffAsync()).PostAsJsonAsync(path, body);

    private static async Task<List<SendGridStub.Received>> SentAsync(EmailTestHost host)
    {
        await host.DrainQueuesAsync();
        return [.. host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf))];
    }

    [Fact]
    public async Task A_staff_confirmation_without_payment_says_the_invoice_is_due_and_never_montant_regle()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm")).StatusCode);

        var toPayer = (await SentAsync(host)).Where(s => s.To.Contains(Payer)).ToList();
        var confirmed = Assert.Single(toPayer, s => s.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal));
        Assert.DoesNotContain("Montant réglé", confirmed.Text + confirmed.Html);
        Assert.DoesNotContain("Reçu", confirmed.Text);
        Assert.Contains("30 jours", confirmed.Text);
        Assert.Contains("800\u00A0€", confirmed.Text);
        Assert.All(toPayer, s => Assert.DoesNotContain("Montant réglé", s.Text));
    }

    [Fact]
    public async Task A_purchase_order_confirms_the_place_but_no_email_says_montant_regle()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/purchase-order", new { reference = "BC-2027-042" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = await SentAsync(host);
        Assert.Contains(sent, s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal));
        Assert.All(sent, s => Assert.DoesNotContain("Montant réglé", s.Text + s.Html));
    }

    private static object Payment(EmailTestHost host, string amount = "800,00", string reference = "VIR-2027-001") => new
    {
        receivedOn = DateOnly.FromDateTime(host.Api.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        amount,
        method = "virement",
        reference,
    };

    [Fact]
    public async Task A_payment_recorded_on_an_invoice_hold_confirms_it_sends_the_convocations_and_a_receipt_saying_montant_regle()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/payments", Payment(host));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var enrolment = await EnrolmentAsync(host, id);
        Assert.Equal(EnrolmentState.Confirmed, enrolment.State);
        var payment = Assert.Single(enrolment.Payments);
        Assert.Equal((80_000L, "virement", "VIR-2027-001", "Camille Martin"), (payment.AmountCents, payment.Method, payment.Reference, payment.RecordedBy));
        Assert.Equal(new EnrolmentMoney(80_000, 0, 0), EnrolmentMoney.Of(enrolment));
        var sent = await SentAsync(host);
        Assert.Equal(2, sent.Count(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal)));
        var receipt = Assert.Single(sent, s => s.Subject.StartsWith("Reçu de paiement", StringComparison.Ordinal));
        Assert.Equal(new[] { Payer }, receipt.To);
        Assert.Contains("Montant réglé : 800\u00A0€", receipt.Text);
        Assert.Contains("VIR-2027-001", receipt.Text);
        var timeline = await host.Api.Services.GetRequiredService<EnrolmentStore>().TimelineAsync(enrolment, CancellationToken.None);
        Assert.Contains(timeline, e => e.Kind == "PaymentRecorded");
    }

    [Fact]
    public async Task The_same_payment_recorded_twice_at_once_is_kept_once_and_a_second_one_leaves_the_rest_unpaid()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");

        var answers = await Task.WhenAll(
            PostJsonAsync(host, $"/api/staff/enrolments/{id}/payments", Payment(host, "300")),
            PostJsonAsync(host, $"/api/staff/enrolments/{id}/payments", Payment(host, "300")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(new EnrolmentMoney(30_000, 50_000, 0), EnrolmentMoney.Of(await EnrolmentAsync(host, id)));
        await PostJsonAsync(host, $"/api/staff/enrolments/{id}/payments", Payment(host, "500", "VIR-2027-002"));
        Assert.Equal(new EnrolmentMoney(80_000, 0, 0), EnrolmentMoney.Of(await EnrolmentAsync(host, id)));
        Assert.Equal(2, (await SentAsync(host)).Count(s => s.Subject.StartsWith("Reçu de paiement", StringComparison.Ordinal)));
        var csv = System.Text.Encoding.UTF8.GetString(await (await host.StaffAsync()).GetByteArrayAsync($"/api/staff/sessions/{host.Course.SessionId}/enrolments.csv"));
        Assert.Contains("Reste dû sur facture", csv);
    }

    [Fact]
    public async Task A_payment_with_bad_fields_is_a_french_problem_naming_each_field()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/payments", new { receivedOn = "01/03/2027", amount = "cinq cents", method = "bitcoin", reference = "" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        foreach (var field in new[] { "receivedOn", "amount", "method", "reference" })
            Assert.Single(errors.GetProperty(field).EnumerateArray());
        Assert.Empty((await EnrolmentAsync(host, id)).Payments);
    }

    [Fact]
    public async Task A_payment_on_an_expired_invoice_enrolment_is_refused_with_a_french_conflict()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await (await host.StaffAsync()).PostAsJsonAsync($"/api/staff/enrolments/{id}/cancel", new { reason = "payer" });

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/payments", Payment(host));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_form_post_answers_with_a_redirect_to_the_enrolment_page()
    {
        await using var host = await EmailTestHost.StartAsync(storage, withSendGrid: false);
        var (id, _) = await host.EnrolByInvoiceAsync();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["receivedOn"] = "2026-11-30", ["amount"] = "800", ["method"] = "cheque", ["reference"] = "CHQ-1",
        });

        var staff = await host.Api.SignInAsync();
        var response = await staff.PostAsync($"/api/staff/enrolments/{id}/payments", form);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/api/equipe/inscriptions/{id}?fait=paiement-enregistre", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_trainee_cancelled_after_their_convocation_gets_a_calendar_cancel_with_the_same_uid_and_a_higher_sequence()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");
        var convocation = (await SentAsync(host)).Single(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal) && s.To.Contains("camille.martin@example.org"));

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/cancel", new { trainee = 0, reason = "organisme" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = await SentAsync(host);
        var cancelled = Assert.Single(sent, s => s.Subject.StartsWith("Annulation —", StringComparison.Ordinal));
        Assert.Equal(new[] { "camille.martin@example.org" }, cancelled.To);
        var before = Calendar(convocation);
        var after = Calendar(cancelled);
        Assert.Equal("CANCEL", after.Method);
        Assert.Equal(before.Events.Select(e => e.Uid).Order(), after.Events.Select(e => e.Uid).Order());
        Assert.All(after.Events, e => Assert.True(e.Sequence > before.Events.First().Sequence));
        Assert.All(after.Events, e => Assert.Equal("CANCELLED", e.Status));
        Assert.Single(sent, s => s.Subject.StartsWith("Annulation d'un stagiaire", StringComparison.Ordinal) && s.To.Contains(Payer));
        var enrolment = await EnrolmentAsync(host, id);
        Assert.Equal(EnrolmentState.Confirmed, enrolment.State);
        Assert.Equal("dominique.durand@example.org", Assert.Single(enrolment.Trainees).Email);
        Assert.Equal(1, await host.Api.Services.GetRequiredService<EnrolmentStore>().SeatsTakenAsync(host.Course.SessionId, CancellationToken.None));
    }

    private static Ical.Net.Calendar Calendar(SendGridStub.Received email)
    {
        var attachment = Assert.Single(email.Attachments);
        return Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)))!;
    }

    [Fact]
    public async Task A_convocation_resent_is_a_new_email_with_the_same_calendar_uid_and_none_before_confirmation()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await ProblemAssert.IsProblemAsync(await PostJsonAsync(host, $"/api/staff/enrolments/{id}/convocation", new { trainee = 1 }), HttpStatusCode.Conflict);
        await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");
        await SentAsync(host);

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/convocation", new { trainee = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var convocations = (await SentAsync(host)).Where(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal) && s.To.Contains("dominique.durand@example.org")).ToList();
        Assert.Equal(2, convocations.Count);
        Assert.Equal(Calendar(convocations[0]).Events.Select(e => e.Uid).Order(), Calendar(convocations[1]).Events.Select(e => e.Uid).Order());
        await ProblemAssert.IsProblemAsync(await PostJsonAsync(host, $"/api/staff/enrolments/{id}/convocation", new { trainee = 5 }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_refused_volunteer_declaration_reprices_the_trainee_at_the_professional_rate_and_tells_the_payer()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        var before = await EnrolmentAsync(host, id);

        var response = await PostJsonAsync(host, $"/api/staff/enrolments/{id}/volunteer", new { trainee = 1, decision = "refuse" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await EnrolmentAsync(host, id);
        Assert.Equal(Domain.Tariffs.TraineeCategory.Professional, after.Trainees[1].Category);
        Assert.True(after.TotalCents > before.TotalCents);
        Assert.Equal(after.TotalCents, after.Lines.Sum(l => Domain.Tariffs.Money.ToCents(l.Amount)));
        var told = Assert.Single(await SentAsync(host), s => s.Subject.StartsWith("Tarif révisé", StringComparison.Ordinal));
        Assert.Equal(new[] { Payer }, told.To);
        await ProblemAssert.IsProblemAsync(await PostJsonAsync(host, $"/api/staff/enrolments/{id}/volunteer", new { trainee = 1, decision = "refuse" }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await PostJsonAsync(host, $"/api/staff/enrolments/{id}/volunteer", new { trainee = 0, decision = "peut-etre" }), HttpStatusCode.BadRequest);
    }
}
