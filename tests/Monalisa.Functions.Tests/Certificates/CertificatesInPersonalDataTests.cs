using System.Net;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Certificates;

/// <summary>A trainee's export lists their documents; retention deletes documents and assessments after the end of the third year.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CertificatesInPersonalDataTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Camille = "camille.martin@example.org";

    private CertificatesHost _host = null!;

    public async Task InitializeAsync() => _host = await CertificatesHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_trainees_export_lists_the_documents_issued_to_them_with_their_hours()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.EvaluatedAsync(id, Camille);
        await _host.CloseAsync(1, _host.Trainee(id, Camille, 1));
        var staff = await _host.Api.SignInAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/equipe/personnes/export")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = Camille }),
        };
        var response = await staff.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var mine = json.RootElement.GetProperty("attestationsEtCertificats").EnumerateArray().Where(c => c.GetProperty("inscription").GetString() == id).ToList();
        Assert.Equal(["attestation de fin de formation", "certificat de réalisation"], mine.Select(c => c.GetProperty("document").GetString()).Order());
        Assert.All(mine, c => Assert.Equal("10 h 30", c.GetProperty("heuresSuivies").GetString()!.Replace('\u00A0', ' ')));
    }

    [Fact]
    public async Task Documents_and_assessments_are_kept_until_the_end_of_the_third_year_after_the_session_then_deleted()
    {
        var (id, _) = await _host.Host.Mail.EnrolByInvoiceAsync();
        await _host.EvaluatedAsync(id, Camille);
        await _host.CloseAsync(1, _host.Trainee(id, Camille));

        _host.Api.Clock.SetUtcNow(new DateTimeOffset(2030, 12, 31, 12, 0, 0, TimeSpan.Zero));
        await _host.Host.RunTimerAsync("PurgeCertificates");
        var kept = (await _host.RowsAsync("cert|")).Count + (await _host.RowsAsync("assessment|")).Count;
        _host.Api.Clock.SetUtcNow(new DateTimeOffset(2031, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await _host.Host.RunTimerAsync("PurgeCertificates");

        Assert.Equal(3, kept);
        Assert.Empty(await _host.RowsAsync("cert|"));
        Assert.Empty(await _host.RowsAsync("assessment|"));
    }
}
