using System.Net;
using System.Text.RegularExpressions;

namespace Monalisa.Functions.Tests.SelfFunded;

/// <summary>
/// « Le stagiaire lui-même » without JavaScript: the plain form cannot show the contract before it is sent, so the server
/// answers with the contract named for that person and a form that sends everything again once the trainee accepts it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SelfFundedWithoutScriptTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new(capacity: 12);
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, _course.Catalogue);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>What the plain form sends: the contract was never shown, so no hash and no ticked box.</summary>
    private EnrolmentBody PlainFormWithoutContract() => new EnrolmentBody(_course.SessionId).Volunteers(1)
        .SelfFunded(_course.ContractSha256).Set("contractAccepted", null).Set("contractVersion", null);

    private Task<HttpResponseMessage> PostAsHtmlFormAsync(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = content };
        request.Headers.Accept.ParseAdd("text/html");
        return _api.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_plain_form_self_funded_post_without_the_contract_gets_the_contract_named_for_the_trainee_and_nothing_is_stored()
    {
        var page = await PostAsHtmlFormAsync(PlainFormWithoutContract().ToFormContent());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Votre contrat de formation", html);
        Assert.Contains($"Anne Martin, demeurant {EnrolmentBody.SelfFundedStreet}, {EnrolmentBody.SelfFundedPostalCode} {EnrolmentBody.SelfFundedCity}", html);
        var fields = HiddenFields(html);
        Assert.Equal(_course.ContractSha256, fields["contractVersion"]);
        Assert.Equal("Anne", fields["trainees[0].firstName"]);
        Assert.False(string.IsNullOrEmpty(fields["formToken"]));
        Assert.Matches("<input type=\"checkbox\"[^>]*name=\"contractAccepted\"[^>]*required", html);
        Assert.Empty(await _tables.PartitionAsync("Enrolments", _course.SessionId));
    }

    [Fact]
    public async Task Sending_the_contract_page_with_the_box_ticked_creates_the_enrolment_and_goes_to_the_card_page()
    {
        var html = await (await PostAsHtmlFormAsync(PlainFormWithoutContract().ToFormContent())).Content.ReadAsStringAsync();
        var fields = HiddenFields(html);
        fields["contractAccepted"] = "true";

        // The trainee reads the contract: the fresh token is then some seconds old.
        _api.Clock.Advance(TimeSpan.FromSeconds(30));
        var sent = await PostAsHtmlFormAsync(new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Contains("/_dev/setup/cs_offline_setup_", sent.Headers.Location!.ToString());
        Assert.Single(await _tables.PartitionAsync("Enrolments", _course.SessionId, "enrolment|"));
    }

    [Fact]
    public async Task A_plain_form_with_a_stale_contract_version_gets_the_current_contract_to_accept_again()
    {
        var body = PlainFormWithoutContract().Set("contractAccepted", true).Set("contractVersion", new string('0', 64));
        var page = await PostAsHtmlFormAsync(body.ToFormContent());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var fields = HiddenFields(await page.Content.ReadAsStringAsync());
        Assert.Equal(_course.ContractSha256, fields["contractVersion"]);
        Assert.False(fields.ContainsKey("contractAccepted"));
        Assert.Empty(await _tables.PartitionAsync("Enrolments", _course.SessionId));
    }

    [Fact]
    public async Task A_plain_form_with_another_invalid_field_gets_the_error_page_first()
    {
        var body = PlainFormWithoutContract().Payer("city", " ");
        var page = await PostAsHtmlFormAsync(body.ToFormContent());

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Votre contrat de formation", html);
        Assert.Empty(await _tables.PartitionAsync("Enrolments", _course.SessionId));
    }

    [Fact]
    public async Task A_json_client_without_the_contract_still_gets_a_french_problem()
    {
        var errors = await ProblemAssert.IsProblemAsync(
            await _api.Client.PostAsync("/api/enrolments", PlainFormWithoutContract().ToJsonContent()), HttpStatusCode.BadRequest);
        Assert.Contains("contractAccepted", errors.Keys);
    }

    private static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();
}
