using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Attendance;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;
using Monalisa.Functions.Tests.Invoicing;

namespace Monalisa.Functions.Tests.Certificates;

/// <summary>
/// The local host (Stripe and SendGrid stubs, real printer, shared Azurite) and the steps the certificate tests take:
/// publish a session's attendance as the Attendance feature would (<see cref="AttendanceSummaries.WriteAsync"/>), tell
/// Certificates it closed, record an assessment through the form, and read what the Certificates table holds.
/// </summary>
internal sealed class CertificatesHost : IAsyncDisposable
{
    private CertificatesHost(InvoicingHost host) => Host = host;

    public InvoicingHost Host { get; }
    public TestApi Api => Host.Api;
    public HttpClient Client => Host.Client;
    public string SessionId => Host.SessionId;
    public SendGridStub Mail => Host.Mail.Stub!;

    public static async Task<CertificatesHost> StartAsync(AzuriteFixture storage) => new(await InvoicingHost.StartAsync(storage));

    public IReadOnlyList<HalfDay> HalfDays
    {
        get
        {
            var course = Host.Mail.Course.Course;
            return HalfDay.Of(course, course.Sessions[0]);
        }
    }

    public string KeyOf(string email) => Api.Services.GetRequiredService<TraineeLocks>().TraineeKey(email);

    /// <summary>A trainee who signed every half-day but those at <paramref name="absent"/> (indices into <see cref="HalfDays"/>).</summary>
    public TraineeAttendance Trainee(string enrolmentId, string email, params int[] absent) =>
        new(enrolmentId, KeyOf(email), [.. HalfDays.Select((h, i) => absent.Contains(i)
            ? new HalfDayPresence(h.Id, PresenceKind.Absent, 0)
            : new HalfDayPresence(h.Id, PresenceKind.Present, h.Minutes))]);

    /// <summary>Publishes a closed summary (version <paramref name="version"/>) and sends the trigger Attendance sends, then runs the queues.</summary>
    public async Task CloseAsync(int version, params TraineeAttendance[] trainees)
    {
        var summary = new SessionAttendance(Host.Mail.Course.Slug, SessionId, HalfDays, trainees, [new TrainerAttendance("Claire Formatrice", [.. HalfDays.Select(h => h.Id)], 840)], version)
        {
            ClosedAt = Api.Clock.GetUtcNow(),
        };
        await Api.Services.GetRequiredService<AttendanceSummaries>().WriteAsync(summary, CancellationToken.None);
        await TriggerAsync();
    }

    /// <summary>The message Attendance puts (or a redelivery of it), then the queues run.</summary>
    public async Task TriggerAsync()
    {
        await Api.Services.GetRequiredService<ICertificateTrigger>().SessionClosedAsync(SessionId, CancellationToken.None);
        await Host.RunQueuesAsync();
    }

    public async Task<HttpResponseMessage> EvaluateAsync(HttpClient client, string enrolmentId, string email, string result, string? comment = null)
    {
        var fields = new Dictionary<string, string> { ["enrolment"] = enrolmentId, ["trainee"] = KeyOf(email), ["result"] = result };
        if (comment is not null) fields["comment"] = comment;
        return await client.PostAsync($"/api/equipe/sessions/{SessionId}/evaluation", new FormUrlEncodedContent(fields));
    }

    /// <summary>Records a result as staff and checks the form's answer (303 back to the page).</summary>
    public async Task EvaluatedAsync(string enrolmentId, string email, string result = "atteints")
    {
        var response = await EvaluateAsync(await Host.Mail.StaffAsync(), enrolmentId, email, result);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    /// <summary>This session's rows of the Certificates table under a prefix (cert|, outbox|, assessment|).</summary>
    public async Task<List<TableEntity>> RowsAsync(string prefix)
    {
        var table = Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Certificates");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SessionId} and RowKey ge {prefix} and RowKey lt {prefix + "~"}")))
            rows.Add(row);
        return rows;
    }

    /// <summary>The certificate emails SendGrid accepted for this session's recipients.</summary>
    public IReadOnlyList<SendGridStub.Received> EmailsTo(string address) =>
        [.. Mail.Accepted.Where(r => r.To.Contains(address) && (r.Subject.Contains("certificat", StringComparison.OrdinalIgnoreCase) || r.Subject.Contains("attestation", StringComparison.OrdinalIgnoreCase)))];

    public static byte[] Pdf(SendGridStub.Received email, string fileName) =>
        Convert.FromBase64String(email.Attachments.Single(a => a.GetProperty("filename").GetString() == fileName).GetProperty("content").GetString()!);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
