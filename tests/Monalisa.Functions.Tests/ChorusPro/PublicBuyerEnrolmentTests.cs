using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.ChorusPro;

/// <summary>A public body enrols on invoice: its SIRET and the codes its Chorus Pro directory entry requires, on the form and on the server.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublicBuyerEnrolmentTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string ServiceCodeSiret = "21690123400019";
    private const string CommitmentSiret = "26690001200018";
    private const string EitherSiret = "20004697700019";
    private const string PlainSiret = "21380185500015";
    private const string UnknownSiret = "12345678901234";

    private readonly TestCourse _course = new(capacity: 12);
    private ChorusProStub _chorus = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _chorus = await ChorusProStub.StartAsync();
        _chorus.StandIn.Structures[ServiceCodeSiret] = new ChorusProStandIn.Structure("COMMUNE DE VILLEURBANNE", ServiceCode: true);
        _chorus.StandIn.Structures[CommitmentSiret] = new ChorusProStandIn.Structure("CENTRE HOSPITALIER", Commitment: true);
        _chorus.StandIn.Structures[EitherSiret] = new ChorusProStandIn.Structure("MÉTROPOLE", EitherOne: true);
        _chorus.StandIn.Unknown[UnknownSiret] = true;
        _api = await TestApi.StartAsync(storage, _course.Catalogue, _chorus.AppSettings());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _chorus.DisposeAsync();
    }

    private EnrolmentBody PublicBody(string siret, string? serviceCode = null, string? commitment = null) =>
        new EnrolmentBody(_course.SessionId).Professionals(1).Invoice()
            .Payer("kind", "public").Payer("name", "Commune de Villeurbanne").Payer("siret", siret)
            .Payer("serviceCode", serviceCode).Payer("commitmentNumber", commitment);

    private Task<HttpResponseMessage> PostAsync(EnrolmentBody body) => _api.Client.PostAsync("/api/enrolments", body.ToJsonContent());

    [Fact]
    public async Task The_form_learns_that_a_structure_requires_a_service_code()
    {
        var response = await _api.Client.GetAsync($"/api/chorus/structures/{ServiceCodeSiret}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("COMMUNE DE VILLEURBANNE", json.GetProperty("name").GetString());
        Assert.True(json.GetProperty("serviceCodeRequired").GetBoolean());
        Assert.False(json.GetProperty("commitmentNumberRequired").GetBoolean());
    }

    [Fact]
    public async Task The_directory_is_asked_with_a_PISTE_token_and_the_technical_user()
    {
        await _api.Client.GetAsync($"/api/chorus/structures/{PlainSiret}");

        var token = Assert.Single(_chorus.To("/api/oauth/token"));
        Assert.Contains("grant_type=client_credentials", token.Headers["x-body"]);
        Assert.Contains($"client_id={ChorusProStub.ClientId}", token.Headers["x-body"]);
        var search = Assert.Single(_chorus.To("/cpro/structures/v1/rechercher"));
        Assert.Equal(PlainSiret, search.Body!["structure"]!["identifiantStructure"]!.ToString());
        Assert.Equal("SIRET", search.Body!["structure"]!["typeIdentifiantStructure"]!.ToString());
        Assert.StartsWith("Bearer ", search.Headers["Authorization"]);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ChorusProStub.TechnicalLogin}:{ChorusProStub.TechnicalPassword}")), search.Headers["cpro-account"]);
        Assert.Single(_chorus.To("/cpro/structures/v1/consulter"));
    }

    [Fact]
    public async Task One_PISTE_token_serves_every_call_until_it_expires()
    {
        await _api.Client.GetAsync($"/api/chorus/structures/{PlainSiret}");
        await _api.Client.GetAsync($"/api/chorus/structures/{ServiceCodeSiret}");
        Assert.Single(_chorus.To("/api/oauth/token"));

        _api.Clock.Advance(TimeSpan.FromMinutes(57));
        await _api.Client.GetAsync($"/api/chorus/structures/{CommitmentSiret}");
        Assert.Equal(2, _chorus.To("/api/oauth/token").Count);
    }

    [Fact]
    public async Task A_public_body_without_the_service_code_its_directory_requires_is_refused_on_that_field()
    {
        var errors = await ProblemAssert.IsProblemAsync(await PostAsync(PublicBody(ServiceCodeSiret)), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.ServiceCodeRequired], errors["payer.serviceCode"]);
        Assert.Single(errors);
    }

    [Fact]
    public async Task A_public_body_without_the_commitment_number_its_directory_requires_is_refused_on_that_field()
    {
        var errors = await ProblemAssert.IsProblemAsync(await PostAsync(PublicBody(CommitmentSiret, serviceCode: "SERV-1")), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.CommitmentNumberRequired], errors["payer.commitmentNumber"]);
    }

    [Fact]
    public async Task A_structure_asking_for_either_code_takes_the_commitment_number_alone()
    {
        var refused = await ProblemAssert.IsProblemAsync(await PostAsync(PublicBody(EitherSiret)), HttpStatusCode.BadRequest);
        Assert.Equal([EnrolmentMessages.ServiceCodeOrCommitmentRequired], refused["payer.serviceCode"]);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(PublicBody(EitherSiret, commitment: "EJ-2027-0042"))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_SIRET_is_refused_on_the_SIRET_field()
    {
        var errors = await ProblemAssert.IsProblemAsync(await PostAsync(PublicBody(UnknownSiret)), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.PublicBodySiretUnknown], errors["payer.siret"]);
        await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync($"/api/chorus/structures/{UnknownSiret}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_public_body_with_the_codes_it_needs_is_taken_and_keeps_them_on_its_enrolment()
    {
        var response = await PostAsync(PublicBody(ServiceCodeSiret, serviceCode: "SERV-FORMATION", commitment: "EJ-77").Payer("vatNumber", "fr 32 216 901 234"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var stored = await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(new PublicBuyer("SERV-FORMATION", "EJ-77"), stored!.Payer.PublicBody);
        Assert.Equal(ServiceCodeSiret, stored.Payer.Siret);
        Assert.Equal("FR32216901234", stored.Payer.VatNumber);
        Assert.Null(stored.StaffAttention);
    }

    [Fact]
    public async Task A_public_body_cannot_pay_by_card()
    {
        var errors = await ProblemAssert.IsProblemAsync(await PostAsync(PublicBody(PlainSiret).Card()), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.PublicBodyInvoiceOnly], errors["paymentMethod"]);
    }

    [Fact]
    public async Task A_public_body_gives_its_SIRET()
    {
        var errors = await ProblemAssert.IsProblemAsync(await PostAsync(PublicBody(PlainSiret).Payer("siret", null)), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.PublicBodySiretRequired], errors["payer.siret"]);
        Assert.Empty(_chorus.Requests);
    }

    [Fact]
    public async Task When_the_directory_does_not_answer_the_enrolment_is_taken_and_staff_are_asked_to_check()
    {
        for (var i = 0; i < 3; i++) _chorus.FailNext.Enqueue(HttpStatusCode.ServiceUnavailable);

        var response = await PostAsync(PublicBody(ServiceCodeSiret));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var stored = await _api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None);
        Assert.Contains("Chorus Pro", stored!.StaffAttention);
    }

    [Fact]
    public async Task A_malformed_SIRET_look_up_is_a_French_field_error_and_asks_nothing()
    {
        var errors = await ProblemAssert.IsProblemAsync(await _api.Client.GetAsync("/api/chorus/structures/1234"), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.SiretInvalid], errors["payer.siret"]);
        Assert.Empty(_chorus.Requests);
    }

    [Fact]
    public async Task The_directory_look_up_is_limited_per_client_address()
    {
        var settings = _chorus.AppSettings();
        settings["Abuse:RateLimitsEnabled"] = "true";
        settings["ChorusPro:LookupsPerAddressPerHour"] = "2";
        await using var limited = await TestApi.StartAsync(storage, _course.Catalogue, settings);

        Assert.Equal(HttpStatusCode.OK, (await limited.Client.GetAsync($"/api/chorus/structures/{PlainSiret}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await limited.Client.GetAsync($"/api/chorus/structures/{ServiceCodeSiret}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await limited.Client.GetAsync($"/api/chorus/structures/{CommitmentSiret}"), HttpStatusCode.TooManyRequests);

        Assert.Equal(2, _chorus.To("/cpro/structures/v1/rechercher").Count);
    }

    [Fact]
    public async Task Any_organisation_gives_its_billing_address_even_paying_by_card()
    {
        var body = new EnrolmentBody(_course.SessionId).Professionals(1).Card().Payer("address", null);

        var errors = await ProblemAssert.IsProblemAsync(await PostAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.PayerAddressRequired], errors["payer.address"]);
    }
}
