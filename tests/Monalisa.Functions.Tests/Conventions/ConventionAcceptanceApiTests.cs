using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Content;
using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Documents;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Tests.Conventions;

/// <summary>
/// The convention's emailed link over the real host and Azurite: shown with its hash, accepted (stored with that hash,
/// confirming the invoice enrolment), refused when the hash is not the server's, and closed to a wrong token.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConventionAcceptanceApiTests(AzuriteFixture storage)
{
    private sealed class Host(TestApi api, TestCourse course) : IAsyncDisposable
    {
        public TestApi Api { get; } = api;
        public TestCourse Course { get; } = course;

        public static async Task<Host> StartAsync(AzuriteFixture storage, Action<IServiceCollection>? services = null)
        {
            var course = new TestCourse();
            return new Host(await TestApi.StartAsync(storage, course.Catalogue, services: services), course);
        }

        public async Task<string> EnrolAsync(Action<EnrolmentBody>? shape = null)
        {
            var body = new EnrolmentBody(Course.SessionId).Trainee(email: $"{Guid.NewGuid():N}@example.org");
            shape?.Invoke(body);
            var response = await Api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        }

        public async Task<EnrolmentRecord> GetAsync(string id) => (await Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None))!;

        public async Task<string> TokenAsync(string id) => Api.Services.GetRequiredService<ActionTokens>().For(await GetAsync(id));

        /// <summary>The hash of the convention the server renders for this enrolment now.</summary>
        public async Task<string> Sha256Async(string id) =>
            ConventionWriter.For(Course.Course, Course.Course.Sessions[0], SiteSettings.LoadEmbedded(), await GetAsync(id)).Sha256;

        public async Task<HttpResponseMessage> AcceptByFormAsync(string id, string version, string? token = null, string name = "Claire Dubois", string role = "Directrice")
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Api.BaseAddress };
            return await client.PostAsync($"/api/conventions/{id}", new FormUrlEncodedContent(
            [
                new("token", token ?? await TokenAsync(id)), new("signatoryName", name), new("signatoryRole", role),
                new("accept", "true"), new("version", version),
            ]));
        }

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }

    [Fact]
    public async Task The_emailed_link_shows_the_convention_its_hash_and_the_acceptance_form()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();

        var response = await host.Api.Client.GetAsync($"/api/conventions/{id}?token={await host.TokenAsync(id)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Convention de formation professionnelle", html);
        Assert.Contains(host.Course.Course.Title, html);
        Assert.Contains($"name=\"version\" value=\"{await host.Sha256Async(id)}\"", html);
        Assert.Contains("Accepter la convention confirme l’inscription", html);
    }

    [Fact]
    public async Task Accepting_stores_the_hash_of_the_exact_text_and_confirms_the_invoice_enrolment()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();
        var sha = await host.Sha256Async(id);
        Assert.Equal(EnrolmentState.AwaitingInvoice, (await host.GetAsync(id)).State);

        var response = await host.AcceptByFormAsync(id, sha);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var after = await host.GetAsync(id);
        Assert.Equal(EnrolmentState.Confirmed, after.State);
        Assert.Equal(sha, after.ConventionAcceptance!.Sha256);
        Assert.Equal(("Claire Dubois", "Directrice"), (after.ConventionAcceptance.SignatoryName, after.ConventionAcceptance.SignatoryRole));
        Assert.Equal(host.Api.Clock.GetUtcNow(), after.ConventionAcceptance.AcceptedAt);
        Assert.Contains("Convention acceptée en ligne", await response.Content.ReadAsStringAsync());
        Assert.Contains(await TimelineKindsAsync(host, after), k => k == nameof(EnrolmentCommand.ConventionAccepted));
    }

    [Fact]
    public async Task A_hash_that_is_not_the_servers_render_is_refused_in_french_and_changes_nothing()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();

        var response = await host.Api.Client.PostAsJsonAsync($"/api/conventions/{id}?token={await host.TokenAsync(id)}",
            new { signatoryName = "Claire Dubois", signatoryRole = "Directrice", accept = true, version = new string('0', 64) });

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([ConventionMessages.Outdated], errors["version"]);
        var after = await host.GetAsync(id);
        Assert.Null(after.ConventionAcceptance);
        Assert.Equal(EnrolmentState.AwaitingInvoice, after.State);
    }

    [Fact]
    public async Task A_form_without_signatory_nor_box_comes_back_with_one_message_per_field()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();

        var response = await host.Api.Client.PostAsJsonAsync($"/api/conventions/{id}?token={await host.TokenAsync(id)}", new { version = await host.Sha256Async(id) });

        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([ConventionMessages.NameRequired], errors["signatoryName"]);
        Assert.Equal([ConventionMessages.RoleRequired], errors["signatoryRole"]);
        Assert.Equal([ConventionMessages.AcceptRequired], errors["accept"]);
    }

    [Fact]
    public async Task A_second_acceptance_keeps_the_first()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();
        var sha = await host.Sha256Async(id);
        await host.AcceptByFormAsync(id, sha);
        var first = (await host.GetAsync(id)).ConventionAcceptance;
        host.Api.Clock.Advance(TimeSpan.FromHours(1));

        var again = await host.AcceptByFormAsync(id, sha, name: "Quelqu'un d'autre");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, (await host.GetAsync(id)).ConventionAcceptance);
    }

    [Fact]
    public async Task A_wrong_token_and_an_unknown_enrolment_get_the_same_404_page()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();

        var wrongToken = await host.Api.Client.GetAsync($"/api/conventions/{id}?token=pas-le-bon");
        var unknown = await host.Api.Client.GetAsync($"/api/conventions/{host.Course.SessionId}_abcdefghijkmnpqr?token={await host.TokenAsync(id)}");
        var acceptWithWrongToken = await host.AcceptByFormAsync(id, await host.Sha256Async(id), token: "pas-le-bon");

        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, acceptWithWrongToken.StatusCode);
        Assert.Equal(await wrongToken.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Null((await host.GetAsync(id)).ConventionAcceptance);
    }

    [Fact]
    public async Task With_a_purchase_order_the_page_says_it_stands_in_and_annexes_the_programme()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync(b => b.Payer("purchaseOrder", "BC-2027-0042"));

        var html = await (await host.Api.Client.GetAsync($"/api/conventions/{id}?token={await host.TokenAsync(id)}")).Content.ReadAsStringAsync();

        Assert.Contains("BC-2027-0042", html);
        Assert.Contains("tient lieu de convention de formation (article D6353-1 II du Code du travail)", html);
        Assert.Contains("Annexe — Programme de la formation", html);
        Assert.Contains(host.Course.Course.Contents[0].Items[1], html);
    }

    [Fact]
    public async Task The_pdf_is_the_same_text_as_the_page_whose_hash_is_accepted()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();
        var response = await host.Api.Client.GetAsync($"/api/conventions/{id}/pdf?token={await host.TokenAsync(id)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = Monalisa.Functions.Tests.Documents.PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, text.ImageCount);
        Assert.StartsWith("Convention de formation", text.Title);
        // The parties and the programme of the text whose hash the page shows, laid out as text a reader can search.
        Assert.Contains("D6353-1", text.Flat);
        Assert.Contains(Monalisa.Content.CourseContent.LoadEmbeddedCatalogue().Courses[0].Contents[0].Heading, text.Flat);
    }

    [Fact]
    public async Task Staff_see_whether_it_was_accepted_by_whom_and_its_hash_on_the_console()
    {
        await using var host = await Host.StartAsync(storage);
        var id = await host.EnrolAsync();
        var staff = await host.Api.SignInAsync();
        Assert.Contains("data-convention=\"awaiting\"", await staff.GetStringAsync($"/api/equipe/inscriptions/{id}"));
        var sha = await host.Sha256Async(id);
        await host.AcceptByFormAsync(id, sha);

        var console = await staff.GetStringAsync($"/api/equipe/inscriptions/{id}");
        var page = await staff.GetAsync($"/api/equipe/inscriptions/{id}/convention");

        Assert.Contains("data-convention=\"accepted\"", console);
        Assert.Contains("Claire Dubois (Directrice)", console);
        Assert.Contains(sha, console);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(host.Course.Course.Title, await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Api.Client.GetAsync($"/api/equipe/inscriptions/{id}/convention")).StatusCode);
    }

    private static async Task<List<string>> TimelineKindsAsync(Host host, EnrolmentRecord enrolment)
    {
        var table = host.Api.Services.GetRequiredService<TableServiceClient>().GetTableClient("Enrolments");
        return [.. (await TimelineRows.ReadAsync(table, enrolment, CancellationToken.None)).Select(e => e.Kind)];
    }
}
