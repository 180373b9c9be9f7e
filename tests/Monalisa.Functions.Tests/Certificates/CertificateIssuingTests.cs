using System.Net;
using Monalisa.Domain.Catalogue;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Tests.Documents;

namespace Monalisa.Functions.Tests.Certificates;

/// <summary>
/// Certificates are issued from the published attendance (seeded here as Attendance publishes it), once per version,
/// by the <c>certificates</c> queue and the hourly sweep, with their emails, over the shared Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CertificateIssuingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Camille = "camille.martin@example.org";
    private const string Dominique = "dominique.durand@example.org";
    private const string Payer = "compta@ccas-lyon.example.org";
    /// <summary>The 2-day course's half-days: 0 = day 1 morning, 1 = day 1 afternoon, 2 and 3 = day 2.</summary>
    private const int FirstAfternoon = 1;

    private CertificatesHost _host = null!;

    public async Task InitializeAsync() => _host = await CertificatesHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_trainee_absent_one_afternoon_receives_a_certificat_and_an_attestation_reading_10_h_30_of_14_h()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.EvaluatedAsync(id, Camille, "partiellement-atteints");

        await _host.CloseAsync(1, _host.Trainee(id, Camille, FirstAfternoon), _host.Trainee(id, Dominique));

        var email = Assert.Single(_host.EmailsTo(Camille));
        var certificat = PdfText.Read(CertificatesHost.Pdf(email, "certificat-realisation.pdf")).Flat;
        var attestation = PdfText.Read(CertificatesHost.Pdf(email, "attestation-fin-formation.pdf")).Flat;
        Assert.Contains("Certificat de réalisation", certificat);
        Assert.Contains("Camille Martin", certificat);
        Assert.Contains("10 h 30 réalisées (sur 14 h prévues", certificat);
        Assert.Contains("[X] action de formation", certificat);
        Assert.Contains("CCAS de Lyon", certificat);
        Assert.Contains("Signature et cachet", certificat);
        Assert.DoesNotContain("remplace", certificat);
        Assert.Contains("Attestation de fin de formation", attestation);
        Assert.Contains("10 h 30 sur 14 h", attestation);
        Assert.Contains("Objectifs partiellement atteints", attestation);
        Assert.Contains(_host.Host.Mail.Course.Course.Objectives[0][..20], attestation);
        Assert.Contains("10 h 30", email.Text.Replace('\u00A0', ' '));
        // Dominique, present throughout, has no result yet: the certificat alone, with the full 14 h.
        var other = Assert.Single(_host.EmailsTo(Dominique));
        var only = Assert.Single(other.Attachments);
        Assert.Equal("certificat-realisation.pdf", only.GetProperty("filename").GetString());
        Assert.Contains("14 h réalisées (sur 14 h prévues", PdfText.Read(CertificatesHost.Pdf(other, "certificat-realisation.pdf")).Flat);
    }

    [Fact]
    public async Task The_paying_organisation_receives_its_own_copy_of_each_trainees_documents()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();

        await _host.CloseAsync(1, _host.Trainee(id, Camille, FirstAfternoon), _host.Trainee(id, Dominique));

        var copies = _host.EmailsTo(Payer);
        Assert.Equal(2, copies.Count);
        Assert.Contains(copies, c => c.Subject.Contains("Camille Martin", StringComparison.Ordinal));
        Assert.All(copies, c => Assert.Equal("certificat-realisation.pdf", Assert.Single(c.Attachments).GetProperty("filename").GetString()));
        var outbox = await _host.RowsAsync("outbox|");
        Assert.Equal(2, outbox.Count(r => r.GetString("Role") == "Payer"));
        Assert.Equal(2, outbox.Count(r => r.GetString("Role") == "Trainee"));
    }

    [Fact]
    public async Task A_self_funded_trainee_receives_the_documents_and_no_payer_copy_is_written()
    {
        var course = _host.Host.Mail.Course;
        var response = await _host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(course.SessionId).Volunteers(1).SelfFunded(course.ContractSha256On(_host.Api.Clock.Today())).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var email = (await _host.Host.EnrolmentAsync(id)).Trainees[0].Email;

        await _host.CloseAsync(1, _host.Trainee(id, email));

        var outbox = await _host.RowsAsync("outbox|");
        Assert.Equal("Trainee", Assert.Single(outbox).GetString("Role"));
        var sent = Assert.Single(_host.EmailsTo(email));
        var certificat = PdfText.Read(CertificatesHost.Pdf(sent, "certificat-realisation.pdf")).Flat;
        Assert.Contains("14 h réalisées", certificat);
        Assert.DoesNotContain("salarié·e de l", certificat);
    }

    [Fact]
    public async Task A_redelivered_message_and_the_sweep_issue_and_send_nothing_twice()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.EvaluatedAsync(id, Camille);
        await _host.CloseAsync(1, _host.Trainee(id, Camille, FirstAfternoon), _host.Trainee(id, Dominique));
        var documents = (await _host.RowsAsync("cert|")).Count;
        var outbox = (await _host.RowsAsync("outbox|")).Count;
        var emails = _host.Mail.Accepted.Count;

        await _host.TriggerAsync();
        await _host.TriggerAsync();
        await _host.Host.RunTimerAsync("SweepCertificates");
        await _host.Host.RunQueuesAsync();

        Assert.Equal(3, documents);
        Assert.Equal(4, outbox);
        Assert.Equal(documents, (await _host.RowsAsync("cert|")).Count);
        Assert.Equal(outbox, (await _host.RowsAsync("outbox|")).Count);
        Assert.Equal(emails, _host.Mail.Accepted.Count);
    }

    [Fact]
    public async Task The_sweep_issues_for_a_closed_session_whose_message_was_lost()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        var summary = new Monalisa.Domain.Attendance.SessionAttendance(_host.Host.Mail.Course.Slug, _host.SessionId, _host.HalfDays,
            [_host.Trainee(id, Camille)], [], 1) { ClosedAt = _host.Api.Clock.GetUtcNow() };
        await _host.Api.Services.GetRequiredService<Monalisa.Functions.Attendance.AttendanceSummaries>().WriteAsync(summary, CancellationToken.None);

        await _host.Host.RunTimerAsync("SweepCertificates");
        await _host.Host.RunQueuesAsync();

        Assert.Single(await _host.RowsAsync("cert|"));
        Assert.Single(_host.EmailsTo(Camille));
    }

    [Fact]
    public async Task A_correction_with_other_hours_reissues_that_trainees_documents_once_and_an_unchanged_version_sends_nothing()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.EvaluatedAsync(id, Camille);
        await _host.CloseAsync(1, _host.Trainee(id, Camille), _host.Trainee(id, Dominique));
        var before = _host.Mail.Accepted.Count;

        // Version 2: Camille was in fact absent on the first afternoon; Dominique's hours are unchanged.
        await _host.CloseAsync(2, _host.Trainee(id, Camille, FirstAfternoon), _host.Trainee(id, Dominique));
        await _host.TriggerAsync();

        var v2 = (await _host.RowsAsync("cert|")).Where(r => r.GetInt32("Version") == 2).ToList();
        Assert.Equal(2, v2.Count);
        Assert.All(v2, r => Assert.Equal(_host.KeyOf(Camille), r.GetString("TraineeKey")));
        Assert.Equal(before + 2, _host.Mail.Accepted.Count);
        var reissued = Assert.Single(_host.EmailsTo(Camille), e => e.Attachments.Count() == 2 && e.Text.Contains("remplace", StringComparison.Ordinal));
        var certificat = PdfText.Read(CertificatesHost.Pdf(reissued, "certificat-realisation-v2.pdf")).Flat;
        Assert.Contains("remplace le document du", certificat);
        Assert.Contains("10 h 30 réalisées", certificat);

        // Version 3 only corrects a time nobody's total depends on: nothing is issued, nothing is sent.
        await _host.CloseAsync(3, _host.Trainee(id, Camille, FirstAfternoon), _host.Trainee(id, Dominique));
        Assert.DoesNotContain(await _host.RowsAsync("cert|"), r => r.GetInt32("Version") == 3);
        Assert.Equal(before + 2, _host.Mail.Accepted.Count);
    }

    [Fact]
    public async Task The_attestation_waits_for_the_assessment_result_and_goes_out_when_it_is_recorded()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.CloseAsync(1, _host.Trainee(id, Camille, FirstAfternoon));
        Assert.Equal(["realisation"], (await _host.RowsAsync("cert|")).Select(r => r.GetString("Kind")));

        await _host.EvaluatedAsync(id, Camille, "atteints");
        await _host.Host.RunQueuesAsync();

        Assert.Equal(["attestation", "realisation"], (await _host.RowsAsync("cert|")).Select(r => r.GetString("Kind")).Order());
        var emails = _host.EmailsTo(Camille);
        Assert.Equal(2, emails.Count);
        var later = Assert.Single(emails, e => e.Attachments.Any(a => a.GetProperty("filename").GetString() == "attestation-fin-formation.pdf"));
        Assert.Single(later.Attachments);
        Assert.Contains("Objectifs atteints", PdfText.Read(CertificatesHost.Pdf(later, "attestation-fin-formation.pdf")).Flat);
    }

    [Fact]
    public async Task Two_instances_issuing_the_same_session_at_once_issue_each_document_once()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        var summary = new Monalisa.Domain.Attendance.SessionAttendance(_host.Host.Mail.Course.Slug, _host.SessionId, _host.HalfDays,
            [_host.Trainee(id, Camille, FirstAfternoon), _host.Trainee(id, Dominique)], [], 1) { ClosedAt = _host.Api.Clock.GetUtcNow() };
        await _host.Api.Services.GetRequiredService<Monalisa.Functions.Attendance.AttendanceSummaries>().WriteAsync(summary, CancellationToken.None);
        var issuer = _host.Api.Services.GetRequiredService<Monalisa.Functions.Certificates.CertificateIssuer>();

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => issuer.RunAsync(_host.SessionId, CancellationToken.None))));
        await _host.Host.RunQueuesAsync();

        Assert.Equal(2, counts.Sum());
        Assert.Equal(2, (await _host.RowsAsync("cert|")).Count);
        Assert.Equal(4, (await _host.RowsAsync("outbox|")).Count);
        Assert.Single(_host.EmailsTo(Camille));
    }

    [Fact]
    public void The_signatory_and_the_place_of_the_certificates_are_legal_facts_to_complete()
    {
        var missing = Monalisa.Content.SiteSettings.LoadEmbedded().MissingLegalFacts();

        Assert.Contains("Legal.Representative", missing);
        Assert.Contains("Legal.City", missing);
    }
}
