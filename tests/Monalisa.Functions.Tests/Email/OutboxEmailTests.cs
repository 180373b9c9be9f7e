using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monalisa.Functions.Email;
using Monalisa.Functions.Outbox;
using Monalisa.Domain.Notices;

namespace Monalisa.Functions.Tests.Email;

[Collection(AzuriteCollection.Name)]
public sealed class OutboxEmailTests(AzuriteFixture storage)
{
    private const string Payer = "compta@ccas-lyon.example.org";
    private const string Camille = "camille.martin@example.org";
    private const string Dominique = "dominique.durand@example.org";

    [Fact]
    public async Task An_invoice_enrolment_emails_the_payer_and_staff_once_with_typed_values_escaped_and_no_trainee_before_confirmation()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync(firstTraineeName: "<script>alert(1)</script>");
        await host.DrainQueuesAsync();

        var records = await host.OutboxAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(OutboxRecord.Sent, r.GetString(OutboxRecord.Status)));
        var sent = host.Stub!.For(records.Select(EmailTestHost.IdOf));
        Assert.Equal(2, sent.Count);
        Assert.Equal(records.Select(EmailTestHost.IdOf).Order(), sent.Select(s => s.OutboxId).Order());
        Assert.All(sent, s => Assert.Equal("Bearer " + SendGridStub.ApiKey, s.Authorization));
        Assert.All(records, r => Assert.StartsWith("stub-", r.GetString(OutboxRecord.ProviderMessageId)));

        var toPayer = sent.Single(s => s.To.SequenceEqual([Payer]));
        Assert.StartsWith("Inscription enregistrée — Animer une stratégie de coopération MONALISA, Lyon", toPayer.Subject);
        Assert.Contains("800\u00A0€", toPayer.Text);
        Assert.DoesNotContain("<script>", toPayer.Html);
        Assert.Equal("formations@monalisa.test", toPayer.Body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("contact@monalisa.test", toPayer.Body.GetProperty("reply_to").GetProperty("email").GetString());

        // The trainees' addresses get nothing before the enrolment is confirmed (convocation), and the payer's copy
        // names none of them: before confirmation a request's own text is quoted to nobody but staff.
        Assert.DoesNotContain(sent, s => s.To.Contains(Camille) || s.To.Contains(Dominique));
        Assert.DoesNotContain("alert(1)", toPayer.Html + toPayer.Text);
        var toStaff = sent.Single(s => s.To.SequenceEqual([EmailTestHost.Staff]));
        Assert.Equal("[Inscription] 2027-03 Lyon — CCAS de Lyon — 2 stagiaires — 800\u00A0€", toStaff.Subject);
        Assert.Contains(Camille, toStaff.Text);
        Assert.Contains("Accès en fauteuil", toStaff.Text);
        Assert.Contains(id, toStaff.Text);
        Assert.Equal(EmailKind.StaffNewEnrolment, toStaff.Body.GetProperty("custom_args").GetProperty("kind").GetString());

        // Draining again, or the sweep, sends nothing more.
        await host.SweepAsync();
        await host.DrainQueuesAsync();
        Assert.Equal(2, host.Stub.For(records.Select(EmailTestHost.IdOf)).Count);
    }

    [Fact]
    public async Task Confirmed_trainees_get_a_convocation_whose_ics_has_one_event_per_day_in_paris_time()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.DrainQueuesAsync();
        var confirm = await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        await host.DrainQueuesAsync();

        var records = await host.OutboxAsync();
        var sent = host.Stub!.For(records.Select(EmailTestHost.IdOf));
        var receipt = sent.Single(s => s.Subject.StartsWith("Inscription confirmée", StringComparison.Ordinal));
        Assert.Equal(new[] { Payer }, receipt.To);
        Assert.Contains("Sur facture", receipt.Text);
        Assert.Contains("[Confirmation] 2027-03 Lyon — CCAS de Lyon — 2 stagiaires — 800\u00A0€", sent.Select(s => s.Subject));

        var convocations = sent.Where(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { Camille, Dominique }, convocations.SelectMany(c => c.To).Order());
        foreach (var convocation in convocations)
        {
            Assert.Contains("de 9\u00A0h à 17\u00A0h", convocation.Text);
            Assert.Contains(host.Course.Course.Sessions[0].Address, convocation.Text);
            Assert.Contains("contact@monalisa.test", convocation.Text);
            var attachment = Assert.Single(convocation.Attachments);
            Assert.Equal("convocation.ics", attachment.GetProperty("filename").GetString());
            Assert.StartsWith("text/calendar", attachment.GetProperty("type").GetString());
            var calendar = Calendar.Load(Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)))!;

            var events = calendar.Events.OrderBy(e => e.DtStart!.Value).ToList();
            Assert.Equal(2, events.Count);
            Assert.Equal(new DateTime(2027, 3, 16, 9, 0, 0), events[0].DtStart!.Value);
            Assert.Equal(new DateTime(2027, 3, 16, 17, 0, 0), events[0].DtEnd!.Value);
            Assert.Equal(new DateTime(2027, 3, 17, 9, 0, 0), events[1].DtStart!.Value);
            Assert.All(events, e => Assert.Equal("Europe/Paris", e.DtStart!.TzId));
            // 9:00 in Paris in March (CET) is 8:00 UTC.
            Assert.Equal(new DateTime(2027, 3, 16, 8, 0, 0, DateTimeKind.Utc), events[0].DtStart!.AsUtc);
            var email = convocation.To.Single();
            Assert.Equal(ConvocationCalendar.Uid(host.Course.SessionId, email, new DateOnly(2027, 3, 16)), events[0].Uid);
            Assert.NotEqual(events[0].Uid, events[1].Uid);
            Assert.All(events, e => Assert.Equal(0, e.Sequence));
        }
    }

    [Fact]
    public async Task A_payer_organisation_named_with_a_comma_gets_a_quoted_display_name_sendgrid_can_deliver()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.EnrolByInvoiceAsync(organisation: "Mairie de Lyon, CCAS");
        await host.DrainQueuesAsync();

        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        var recipients = sent.SelectMany(s => s.Body.GetProperty("personalizations").EnumerateArray())
            .SelectMany(p => p.GetProperty("to").EnumerateArray()).ToList();
        // SendGrid splits an unquoted name on , or ; and drops the message as sent to a bad address (sendgrid-csharp#268).
        Assert.All(recipients, to =>
        {
            var name = to.TryGetProperty("name", out var n) ? n.GetString() : null;
            Assert.True(name is null || !name.AsSpan().ContainsAny(",;") || (name.Length > 1 && name[0] == '"' && name[^1] == '"'),
                $"Undeliverable display name: {name}");
        });
        var toPayer = recipients.Single(to => to.GetProperty("email").GetString() == Payer);
        Assert.Equal("\"Mairie de Lyon, CCAS\"", toPayer.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_convocation_ics_names_the_training_contact_as_organizer()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.DrainQueuesAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm")).StatusCode);
        await host.DrainQueuesAsync();

        var contact = Monalisa.Content.SiteSettings.LoadEmbedded().Contact;
        var convocations = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf))
            .Where(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(convocations);
        foreach (var convocation in convocations)
        {
            var ics = Encoding.UTF8.GetString(Convert.FromBase64String(Assert.Single(convocation.Attachments).GetProperty("content").GetString()!));
            var calendar = Calendar.Load(ics)!;
            Assert.Equal("PUBLISH", calendar.Method);
            // RFC 5546 §3.2.1: a PUBLISH VEVENT must carry an ORGANIZER.
            Assert.All(calendar.Events, e =>
            {
                Assert.NotNull(e.Organizer);
                Assert.Equal(new Uri("mailto:" + contact.Email), e.Organizer!.Value);
                Assert.Equal(contact.Name, e.Organizer.CommonName);
            });
        }
    }

    [Fact]
    public async Task The_calendar_sequence_grows_when_the_session_changes_and_not_otherwise()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var sequences = host.Api.Services.GetRequiredService<CalendarSequences>();
        var course = host.Course.Course;
        var session = course.Sessions[0];
        Assert.Equal(0, await sequences.CurrentAsync(course, session, default));
        Assert.Equal(0, await sequences.CurrentAsync(course, session, default));
        Assert.Equal(1, await sequences.CurrentAsync(course, session with { Venue = "Autre salle" }, default));
        Assert.Equal(2, await sequences.CurrentAsync(course, session with { Venue = "Autre salle", End = session.End.AddDays(1) }, default));
        Assert.Equal(2, await sequences.CurrentAsync(course, session with { Venue = "Autre salle", End = session.End.AddDays(1) }, default));
    }

    [Fact]
    public async Task Rate_limited_then_failing_then_accepted_each_email_is_sent_once_after_the_retry_after_delay()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        host.Stub!.Script = attempt => attempt switch { 1 => (429, 120), 2 => (500, null), _ => (202, null) };
        await host.EnrolByInvoiceAsync();
        var start = host.Api.Clock.GetUtcNow();

        await host.DrainQueuesAsync();
        var records = await host.OutboxAsync();
        Assert.All(records, r =>
        {
            Assert.Equal(OutboxRecord.Pending, r.GetString(OutboxRecord.Status));
            Assert.Equal(1, r.GetInt32(OutboxRecord.Attempts));
            // Retry-After: 120 s, longer than the first backoff (1 min): honoured.
            Assert.Equal(start.AddSeconds(120), r.GetDateTimeOffset(OutboxRecord.DueAt));
            Assert.Equal("HTTP 429", r.GetString(OutboxRecord.LastError));
        });

        // Not due yet: the sweep leaves them alone.
        host.Api.Clock.Advance(TimeSpan.FromSeconds(119));
        await host.SweepAsync();
        await host.DrainQueuesAsync();
        Assert.Equal(2, host.Stub.For(records.Select(EmailTestHost.IdOf)).Count);

        host.Api.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.SweepAsync();
        await host.DrainQueuesAsync();
        Assert.Equal(4, host.Stub.For(records.Select(EmailTestHost.IdOf)).Count);

        host.Api.Clock.Advance(TimeSpan.FromMinutes(2));
        await host.SweepAsync();
        await host.DrainQueuesAsync();

        records = await host.OutboxAsync();
        var requests = host.Stub.For(records.Select(EmailTestHost.IdOf));
        Assert.Equal(6, requests.Count);
        Assert.Equal(2, requests.Count(r => r.Status == 202));
        Assert.Equal(records.Select(EmailTestHost.IdOf).Order(), requests.Where(r => r.Status == 202).Select(r => r.OutboxId).Order());
        Assert.All(records, r =>
        {
            Assert.Equal(OutboxRecord.Sent, r.GetString(OutboxRecord.Status));
            Assert.Equal(3, r.GetInt32(OutboxRecord.Attempts));
        });

        host.Api.Clock.Advance(TimeSpan.FromHours(2));
        await host.SweepAsync();
        await host.DrainQueuesAsync();
        Assert.Equal(6, host.Stub.For(records.Select(EmailTestHost.IdOf)).Count);
    }

    [Fact]
    public async Task An_email_failing_forever_is_marked_failed_after_five_attempts_and_staff_see_it_in_the_export()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        host.Stub!.Script = _ => (500, null);
        await host.EnrolByInvoiceAsync();

        for (var round = 0; round < 7; round++)
        {
            await host.DrainQueuesAsync();
            host.Api.Clock.Advance(TimeSpan.FromHours(1));
            await host.SweepAsync();
        }

        var records = await host.OutboxAsync();
        Assert.All(records, r =>
        {
            Assert.Equal(OutboxRecord.Failed, r.GetString(OutboxRecord.Status));
            Assert.Equal(5, r.GetInt32(OutboxRecord.Attempts));
        });
        var requests = host.Stub.For(records.Select(EmailTestHost.IdOf));
        Assert.Equal(records.Count * 5, requests.Count);
        Assert.All(requests.GroupBy(r => r.OutboxId), g => Assert.Equal(5, g.Count()));

        var csv = await (await host.StaffAsync()).GetAsync($"/api/staff/sessions/{host.Course.SessionId}/enrolments.csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        var failedColumn = Array.IndexOf(header, "E-mails en échec");
        var sentColumn = Array.IndexOf(header, "E-mails envoyés");
        Assert.True(failedColumn > 0);
        Assert.All(lines.Skip(1), line =>
        {
            Assert.Equal("2", line.Split(';')[failedColumn]);
            Assert.Equal("0", line.Split(';')[sentColumn]);
        });
    }

    [Fact]
    public async Task The_same_queue_message_delivered_twice_or_concurrently_sends_one_email()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.EnrolByInvoiceAsync();
        var records = await host.OutboxAsync();

        // Redelivery: the change's message is on the queue twice more, and each record once more on its own.
        var queue = host.Api.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("email-outbox");
        var all = new OutboxMessage("Enrolments", records[0].PartitionKey, [.. records.Select(r => r.RowKey)]).ToJson();
        await queue.SendMessageAsync(all);
        await queue.SendMessageAsync(all);
        foreach (var record in records)
            await queue.SendMessageAsync(new OutboxMessage("Enrolments", record.PartitionKey, [record.RowKey]).ToJson());
        await host.DrainQueuesAsync();
        Assert.Equal(records.Count, host.Stub!.For(records.Select(EmailTestHost.IdOf)).Count);

        // Concurrent deliveries of a fresh record: one wins the claim, the others stand down.
        var (id, _) = await host.EnrolByInvoiceAsync(organisation: "Mairie de Villeurbanne", emailPrefix: "autre.");
        var fresh = (await host.OutboxAsync()).Where(r => r.GetString(OutboxRecord.Subject) == "enrolment|" + id).ToList();
        host.Stub.Delay = TimeSpan.FromMilliseconds(200);
        var sender = host.Api.Services.GetRequiredService<OutboxSender>();
        var pointer = new OutboxPointer("Enrolments", fresh[0].PartitionKey, fresh[0].RowKey);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => sender.HandleAsync(pointer, default))));
        Assert.Single(outcomes.OfType<OutboxOutcome.Sent>());
        Assert.All(outcomes.Where(o => o is not OutboxOutcome.Sent), o => Assert.IsType<OutboxOutcome.Duplicate>(o));
        Assert.Single(host.Stub.For([EmailTestHost.IdOf(fresh[0])]));
    }

    [Fact]
    public async Task One_change_puts_one_queue_message_naming_all_its_emails_in_order()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.DrainQueuesAsync(); // whatever earlier tests left

        await host.EnrolByInvoiceAsync();

        var records = await host.OutboxAsync();
        var message = Assert.Single(await host.QueuedMessagesAsync());
        Assert.Equal("Enrolments", message.Table);
        Assert.Equal(records.Select(r => r.RowKey), message.RowKeys);
        await host.DrainQueuesAsync();
        Assert.Equal(2, host.Stub!.For(records.Select(EmailTestHost.IdOf)).Count);
    }

    [Fact]
    public async Task A_message_left_unread_is_handed_out_again_after_the_grace_then_at_most_every_ten_minutes()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.DrainQueuesAsync();
        await host.EnrolByInvoiceAsync();
        Assert.Single(await host.QueuedMessagesAsync());

        // Nobody reads the queue. Within the grace the sweep trusts the message; after it, it puts one more.
        await host.SweepAsync();
        Assert.Single(await host.QueuedMessagesAsync());
        host.Api.Clock.Advance(OutboxRecord.EnqueueGrace + TimeSpan.FromSeconds(1));
        await host.SweepAsync();
        await host.SweepAsync();
        Assert.Equal(2, (await host.QueuedMessagesAsync()).Count);
        host.Api.Clock.Advance(OutboxRecord.RequeueInterval + TimeSpan.FromSeconds(1));
        await host.SweepAsync();
        Assert.Equal(3, (await host.QueuedMessagesAsync()).Count);

        // Three messages for the same two records (payer, staff): two emails.
        await host.DrainQueuesAsync();
        var records = await host.OutboxAsync();
        Assert.Equal(2, host.Stub!.For(records.Select(EmailTestHost.IdOf)).Count);
        Assert.All(records, r => Assert.Equal(OutboxRecord.Sent, r.GetString(OutboxRecord.Status)));
    }

    [Fact]
    public async Task Records_written_but_never_enqueued_are_sent_once_by_the_sweep()
    {
        // The transaction commits, then the process « dies » before the queue message: the enqueue always fails here.
        await using var host = await EmailTestHost.StartAsync(storage, services: s => s.AddSingleton(sp => new OutboxDispatcher(
            new UnreachableQueues(), sp.GetRequiredService<ILogger<OutboxDispatcher>>())));
        await host.EnrolByInvoiceAsync();
        var records = await host.OutboxAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(OutboxRecord.Pending, r.GetString(OutboxRecord.Status)));

        await host.DrainQueuesAsync();
        await host.SweepAsync(); // within the grace minute: the message may still be on its way
        await host.DrainQueuesAsync();
        Assert.Empty(host.Stub!.For(records.Select(EmailTestHost.IdOf)));

        host.Api.Clock.Advance(OutboxRecord.EnqueueGrace + TimeSpan.FromSeconds(1));
        await host.SweepAsync();
        await host.SweepAsync(); // two sweeps racing: still one email each
        await host.DrainQueuesAsync();

        var sent = host.Stub.For(records.Select(EmailTestHost.IdOf));
        Assert.Equal(2, sent.Count);
        Assert.Equal(records.Select(EmailTestHost.IdOf).Order(), sent.Select(s => s.OutboxId).Order());
        Assert.All(await host.OutboxAsync(), r => Assert.Equal(OutboxRecord.Sent, r.GetString(OutboxRecord.Status)));
    }

    [Fact]
    public async Task A_sending_lease_left_by_a_crash_is_handed_out_again_by_the_sweep()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.EnrolByInvoiceAsync();
        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");
        var record = (await host.OutboxAsync())[0];
        // Claimed by an instance that then died, before the message was deleted and before sending.
        await table.UpdateEntityAsync(new TableEntity(record.PartitionKey, record.RowKey)
        {
            [OutboxRecord.Status] = OutboxRecord.Sending,
            [OutboxRecord.Attempts] = 1,
            [OutboxRecord.LeaseUntil] = host.Api.Clock.GetUtcNow() + OutboxSender.Lease,
        }, ETag.All, TableUpdateMode.Merge);
        await host.DrainQueuesAsync();
        Assert.Empty(host.Stub!.For([EmailTestHost.IdOf(record)]));

        host.Api.Clock.Advance(OutboxSender.Lease + TimeSpan.FromSeconds(1));
        await host.SweepAsync();
        await host.DrainQueuesAsync();
        Assert.Single(host.Stub.For([EmailTestHost.IdOf(record)]));
        var after = (await table.GetEntityAsync<TableEntity>(record.PartitionKey, record.RowKey)).Value;
        Assert.Equal(OutboxRecord.Sent, after.GetString(OutboxRecord.Status));
        Assert.Equal(2, after.GetInt32(OutboxRecord.Attempts));
    }

    [Fact]
    public async Task A_waiting_list_entry_tells_the_payer_and_staff_not_the_trainees()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        await host.EnrolByInvoiceAsync(waitingList: true);
        await host.DrainQueuesAsync();
        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        Assert.Equal(2, sent.Count);
        Assert.All(sent.Where(s => !s.To.Contains(EmailTestHost.Staff)), s => Assert.StartsWith("Demande en liste d'attente", s.Subject));
        Assert.Contains("[Liste d'attente] 2027-03 Lyon — CCAS de Lyon — 2 stagiaires — 800\u00A0€", sent.Select(s => s.Subject));
    }

    [Fact]
    public async Task An_expired_card_payment_emails_the_payer_a_link_to_try_again_while_seats_remain()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsync("/api/enrolments", JsonContent(new
        {
            sessionId = host.Course.SessionId,
            trainees = new[] { new { firstName = "Alex", lastName = "Petit", email = "alex.petit@example.org", category = "professional" } },
            payer = new { kind = "organisation", name = "Centre social", email = "paiement@centre.example.org", address = "2 rue du Centre, 69001 Lyon" },
            paymentMethod = "card",
            prerequisitesConfirmed = true,
            consent = true,
            formToken = FormTokens.Valid,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.DrainQueuesAsync();
        // An open checkout tells only its payer, with the way back to the payment page.
        Assert.Equal([EmailKind.ResumePayment], (await host.OutboxAsync()).Select(r => r.GetString(OutboxRecord.Kind)));

        host.Api.Clock.Advance(TimeSpan.FromMinutes(46));
        (await host.Client.PostAsync("/_dev/timers/ReleaseExpiredHolds", null)).EnsureSuccessStatusCode();
        await host.DrainQueuesAsync();

        var email = Assert.Single(host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf)), s => s.Subject.StartsWith("Paiement non abouti", StringComparison.Ordinal));
        Assert.Equal(new[] { "paiement@centre.example.org" }, email.To);
        Assert.StartsWith("Paiement non abouti", email.Subject);
        var link = $"http://localhost:7071/formations/{host.Course.Slug}/inscription/{host.Course.SessionId}/";
        Assert.Contains($"href=\"{link}\"", email.Html);
        Assert.Contains("Il reste 12 places", email.Text);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>A queue service whose every send fails, as if the process stopped right after the transaction.</summary>
    private sealed class UnreachableQueues : QueueServiceClient
    {
        public override QueueClient GetQueueClient(string queueName) => new UnreachableQueue();
    }

    private sealed class UnreachableQueue : QueueClient
    {
        public override Task<Response<Azure.Storage.Queues.Models.SendReceipt>> SendMessageAsync(string messageText, CancellationToken cancellationToken = default) =>
            throw new RequestFailedException(503, "simulated crash before the enqueue");
    }
}
