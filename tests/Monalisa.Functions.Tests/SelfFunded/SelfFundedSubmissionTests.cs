using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Tests.SelfFunded;

/// <summary>
/// « Le stagiaire lui-même »: the submission names no organisation (as JSON or as the plain form), the trainee's postal
/// address is required field by field, and the contract preview the form shows is the one whose hash the server checks.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfFundedSubmissionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 12);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    private EnrolmentBody SelfFunded() => new EnrolmentBody(_course.SessionId).Volunteers(1).SelfFunded(_course.ContractSha256);

    [Fact]
    public async Task A_self_funded_json_submission_without_any_organisation_field_is_accepted_and_the_trainee_is_the_payer()
    {
        var body = SelfFunded();
        Assert.False(((System.Text.Json.Nodes.JsonObject)body.Json["payer"]!).ContainsKey("name"));
        var response = await _api.Client.PostAsync("/api/enrolments", body.ToJsonContent());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var payer = JsonDocument.Parse((await _tables.EnrolmentAsync(id)).GetString("Payer"));
        Assert.Equal("Anne Martin", payer.RootElement.GetProperty("name").GetString());
        Assert.Equal(EnrolmentBody.SelfFundedStreet, payer.RootElement.GetProperty("postalAddress").GetProperty("street").GetString());
        Assert.Equal(EnrolmentBody.SelfFundedPostalCode, payer.RootElement.GetProperty("postalAddress").GetProperty("postalCode").GetString());
        Assert.Equal(EnrolmentBody.SelfFundedCity, payer.RootElement.GetProperty("postalAddress").GetProperty("city").GetString());
    }

    [Fact]
    public async Task A_self_funded_plain_form_without_organisation_fields_goes_to_the_card_page()
    {
        var response = await _api.Client.PostAsync("/api/enrolments", SelfFunded().ToFormContent());
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("/_dev/setup/cs_offline_setup_", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_self_funded_submission_without_an_address_gets_one_french_message_per_address_field_and_none_about_the_organisation()
    {
        var body = SelfFunded().Payer("street", null).Payer("postalCode", "6900").Payer("city", " ");
        var errors = await ProblemAssert.IsProblemAsync(await _api.Client.PostAsync("/api/enrolments", body.ToJsonContent()), HttpStatusCode.BadRequest);

        Assert.Equal([EnrolmentMessages.StreetRequired], errors["payer.street"]);
        Assert.Equal([EnrolmentMessages.PostalCodeInvalid], errors["payer.postalCode"]);
        Assert.Equal([EnrolmentMessages.CityRequired], errors["payer.city"]);
        Assert.DoesNotContain("payer.name", errors.Keys);
        Assert.DoesNotContain("payer.email", errors.Keys);
        Assert.Empty(await _tables.PartitionAsync("Enrolments", _course.SessionId));
    }

    [Fact]
    public async Task The_contract_preview_names_the_person_and_gives_the_hash_the_submission_is_checked_against()
    {
        var response = await _api.Client.PostAsync("/api/contracts/preview", SelfFunded().ToJsonContent());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(_course.ContractSha256, preview.GetProperty("sha256").GetString());
        var parties = preview.GetProperty("sections")[0].GetProperty("paragraphs")[1].GetString();
        Assert.Contains($"Anne Martin, demeurant {EnrolmentBody.SelfFundedStreet}, {EnrolmentBody.SelfFundedPostalCode} {EnrolmentBody.SelfFundedCity}", parties);
    }

    [Fact]
    public async Task The_contract_preview_without_an_address_says_which_fields_are_missing()
    {
        var body = SelfFunded().Payer("street", null).Payer("postalCode", null).Payer("city", null);
        var errors = await ProblemAssert.IsProblemAsync(await _api.Client.PostAsync("/api/contracts/preview", body.ToJsonContent()), HttpStatusCode.BadRequest);
        Assert.Equal([EnrolmentMessages.StreetRequired], errors["payer.street"]);
        Assert.Equal([EnrolmentMessages.PostalCodeRequired], errors["payer.postalCode"]);
        Assert.Equal([EnrolmentMessages.CityRequired], errors["payer.city"]);
    }
}
