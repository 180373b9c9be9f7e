using Xunit.Abstractions;
using Monalisa.Functions.Email;
using Monalisa.Functions.Tests.Email;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Tests.Faults;

[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class SendGridOutageTests(AzuriteFixture storage, ITestOutputHelper output)
{
    [Fact]
    public async Task SendGrid_unreachable_for_a_while_then_back_every_outbox_email_is_delivered_exactly_once()
    {
        await using var host = await EmailTestHost.StartAsync(storage, capacity: 40);
        host.Stub!.Down = true;
        for (var i = 0; i < 5; i++)
            await host.EnrolByInvoiceAsync(emailPrefix: $"panne{i}.");

        // Two rounds while SendGrid cannot be reached: the queue run, then the sweep after the backoff.
        await host.DrainQueuesAsync();
        host.Api.Clock.Advance(TimeSpan.FromMinutes(10));
        await host.SweepAsync();
        await host.DrainQueuesAsync();
        var records = await host.OutboxAsync();
        Assert.Equal(10, records.Count); // 5 enrolments × 2 emails (payer, staff: trainees hear from us once confirmed), none lost nor duplicated by the retries
        Assert.Empty(host.Stub.Accepted);
        Assert.All(records, r => Assert.Equal(OutboxRecord.Pending, r.GetString(OutboxRecord.Status)));

        // Back: sweeps until nothing is left, then a few more that must send nothing again.
        host.Stub.Down = false;
        for (var round = 0; round < 6; round++)
        {
            host.Api.Clock.Advance(TimeSpan.FromMinutes(30));
            await host.SweepAsync();
            await host.DrainQueuesAsync();
        }

        records = await host.OutboxAsync();
        var ids = records.Select(EmailTestHost.IdOf).ToList();
        Assert.All(records, r => Assert.Equal(OutboxRecord.Sent, r.GetString(OutboxRecord.Status)));
        var delivered = host.Stub.Accepted.Where(r => ids.Contains(r.OutboxId)).GroupBy(r => r.OutboxId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ids.Order(), delivered.Keys.Order());
        Assert.All(delivered, d => Assert.Equal(1, d.Value));
        output.WriteLine($"5 inscriptions, {ids.Count} e-mails : 0 accepté pendant la panne (tous en attente), puis {delivered.Count} remis, chacun une fois.");
    }
}
