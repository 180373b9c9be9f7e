using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Monalisa.Functions.Tests.Enrolment;

/// <summary>Every bad enrolment gets a 4xx problem+json in French, and nothing is written.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadInputTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly TestCourse Course = new(capacity: 12);
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage, Course.Catalogue);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static EnrolmentBody Valid() => new EnrolmentBody(Course.SessionId).Professionals(1);

    private static JsonObject With(Action<EnrolmentBody> change)
    {
        var body = Valid();
        change(body);
        return body.Json;
    }

    private static JsonObject Trainee0(string field, JsonNode? value) =>
        With(b => ((JsonObject)((JsonArray)b.Json["trainees"]!)[0]!)[field] = value);

    public static TheoryData<string, string, string, string, int> Cases()
    {
        var data = new TheoryData<string, string, string, string, int>();
        void Json(string name, JsonObject body, string field, int status = 400) => data.Add(name, "application/json", body.ToJsonString(), field, status);
        void Raw(string name, string contentType, string body, string field, int status) => data.Add(name, contentType, body, field, status);

        Json("no session", With(b => b.Json.Remove("sessionId")), "sessionId");
        Json("empty session", With(b => b.Set("sessionId", "")), "sessionId");
        Json("unknown session", With(b => b.Set("sessionId", "2099-01-nulle-part")), "sessionId");
        Json("session as number", With(b => b.Set("sessionId", 42)), "sessionId");
        Json("odata in session", With(b => b.Set("sessionId", "x' or PartitionKey ne '")), "sessionId");
        Json("no trainees", With(b => b.Json.Remove("trainees")), "trainees");
        Json("empty trainees", With(b => b.Set("trainees", new JsonArray())), "trainees");
        Json("trainees as string", With(b => b.Set("trainees", "Anne")), "trainees");
        Json("trainee as number", With(b => b.Set("trainees", new JsonArray(1))), "trainees[0]");
        Json("eleven trainees", new EnrolmentBody(Course.SessionId).Professionals(11).Json, "trainees");
        Json("ten thousand trainees", new EnrolmentBody(Course.SessionId).Professionals(400).Json, "trainees", 413);
        Json("no first name", Trainee0("firstName", null), "trainees[0].firstName");
        Json("blank first name", Trainee0("firstName", "   "), "trainees[0].firstName");
        Json("first name too long", Trainee0("firstName", new string('a', 101)), "trainees[0].firstName");
        Json("first name with NUL", Trainee0("firstName", "An\0ne"), "trainees[0].firstName");
        Json("first name as object", Trainee0("firstName", new JsonObject()), "trainees[0].firstName");
        Json("no last name", Trainee0("lastName", null), "trainees[0].lastName");
        Json("last name as array", Trainee0("lastName", new JsonArray("a")), "trainees[0].lastName");
        Json("no email", Trainee0("email", null), "trainees[0].email");
        Json("email without at", Trainee0("email", "anne.example.org"), "trainees[0].email");
        Json("email without domain dot", Trainee0("email", "anne@localhost"), "trainees[0].email");
        Json("email with space", Trainee0("email", "anne martin@example.org"), "trainees[0].email");
        Json("email with display name", Trainee0("email", "Anne <anne@example.org>"), "trainees[0].email");
        Json("email two ats", Trainee0("email", "a@b@example.org"), "trainees[0].email");
        Json("email too long", Trainee0("email", new string('a', 250) + "@example.org"), "trainees[0].email");
        Json("email as number", Trainee0("email", 12), "trainees[0].email");
        Json("no category", Trainee0("category", null), "trainees[0].category");
        Json("unknown category", Trainee0("category", "retraite"), "trainees[0].category");
        Json("category in capitals", Trainee0("category", "PROFESSIONAL"), "trainees[0].category");
        Json("phone with letters", Trainee0("phone", "zéro quatre"), "trainees[0].phone");
        Json("phone too long", Trainee0("phone", new string('1', 31)), "trainees[0].phone");
        Json("organisation too long", Trainee0("organisation", new string('o', 201)), "trainees[0].organisation");
        Json("job title too long", Trainee0("jobTitle", new string('j', 201)), "trainees[0].jobTitle");
        Json("same email twice", new EnrolmentBody(Course.SessionId).Trainee(email: "x@example.org").Trainee(email: "X@example.org").Json, "trainees[1].email");
        Json("no payer", With(b => b.Json.Remove("payer")), "payer.kind");
        Json("payer as string", With(b => b.Set("payer", "CCAS")), "payer");
        Json("unknown payer kind", With(b => b.Payer("kind", "entreprise")), "payer.kind");
        Json("no payer name", With(b => b.Payer("name", null)), "payer.name");
        Json("payer name too long", With(b => b.Payer("name", new string('n', 201))), "payer.name");
        Json("no payer email", With(b => b.Payer("email", null)), "payer.email");
        Json("bad payer email", With(b => b.Payer("email", "compta@")), "payer.email");
        Json("siret too short", With(b => b.Payer("siret", "1234")), "payer.siret");
        Json("siret with letters", With(b => b.Payer("siret", "1234567890123A")), "payer.siret");
        Json("purchase order too long", With(b => b.Payer("purchaseOrder", new string('p', 101))), "payer.purchaseOrder");
        Json("invoice without address", With(b => b.Payer("address", null)), "payer.address");
        Json("address too long", With(b => b.Payer("address", new string('r', 501))), "payer.address");
        Json("no payment method", With(b => b.Json.Remove("paymentMethod")), "paymentMethod");
        Json("unknown payment method", With(b => b.Set("paymentMethod", "cheque")), "paymentMethod");
        Json("individual by invoice", With(b => b.Payer("kind", "individual")), "paymentMethod");
        Json("individual by card without accepting the contract", With(b => b.Payer("kind", "individual").Card()), "contractAccepted");
        Json("individual by card, contract accepted as text", With(b => b.Payer("kind", "individual").Card().Set("contractAccepted", "oui")), "contractAccepted");
        Json("individual by card with an outdated contract", With(b => b.SelfFunded(new string('0', 64))), "contractAccepted");
        Json("individual by card for two trainees", With(b => b.Professionals(1).Payer("kind", "individual").Card().Set("contractAccepted", true)), "trainees");
        Json("prerequisites not confirmed", With(b => b.Set("prerequisitesConfirmed", false)), "prerequisitesConfirmed");
        Json("prerequisites missing", With(b => b.Json.Remove("prerequisitesConfirmed")), "prerequisitesConfirmed");
        Json("prerequisites as string", With(b => b.Set("prerequisitesConfirmed", "true")), "prerequisitesConfirmed");
        Json("no consent", With(b => b.Set("consent", false)), "consent");
        Json("consent as number", With(b => b.Set("consent", 1)), "consent");
        Json("accessibility needs too long", With(b => b.Set("accessibilityNeeds", new string('x', 2001))), "accessibilityNeeds");
        Json("waiting list as text", With(b => b.Set("waitingList", "oui")), "waitingList");
        Json("several errors at once", With(b => b.Set("consent", false).Set("paymentMethod", "troc").Payer("email", "x")), "consent");

        Raw("malformed json", "application/json", "{\"sessionId\": ", "body", 400);
        Raw("json array", "application/json", "[1,2,3]", "body", 400);
        Raw("json string", "application/json", "\"inscription\"", "body", 400);
        Raw("deep json", "application/json", new string('[', 5000) + new string(']', 5000), "body", 400);
        Raw("deep json object", "application/json", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), "body", 400);
        Raw("text plain", "text/plain", "bonjour", "body", 415);
        Raw("xml", "application/xml", "<enrolment/>", "body", 415);
        Raw("multipart", "multipart/form-data; boundary=x", "--x--", "body", 415);
        Raw("huge body", "application/json", "{\"sessionId\":\"" + new string('x', 70_000) + "\"}", "body", 413);
        Raw("form field twice", "application/x-www-form-urlencoded", $"sessionId={Course.SessionId}&sessionId=autre", "sessionId", 400);
        Raw("form bad trainee index", "application/x-www-form-urlencoded", $"sessionId={Course.SessionId}&trainees[abc].firstName=A", "trainees", 400);
        // Only the form token (the anti-bot check comes first, and passes): the missing fields are then listed.
        Raw("form empty", "application/x-www-form-urlencoded", "formToken=" + FormTokens.Valid, "sessionId", 400);
        Raw("invalid utf8", "application/json", "{\"sessionId\":\"\u00ff\"}", "body", 400);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_4xx_problem_and_writes_nothing(string name, string contentType, string body, string field, int status)
    {
        var bytes = name == "invalid utf8" ? [.. Encoding.UTF8.GetBytes("{\"sessionId\":\""), 0xff, 0xfe, .. Encoding.UTF8.GetBytes("\"}")] : Encoding.UTF8.GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _api.Client.PostAsync("/api/enrolments", content);

        var errors = await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", problem);
        Assert.DoesNotContain("   at ", problem);
        if (status == 400) Assert.Contains(field, errors.Keys);
        Assert.Empty(await new TableInspector(storage.ConnectionString).PartitionAsync("Enrolments", Course.SessionId));
    }

    [Fact]
    public async Task An_idempotency_key_that_is_too_long_is_refused_with_a_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = Valid().ToJsonContent() };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 201));
        await ProblemAssert.IsProblemAsync(await _api.Client.SendAsync(request), HttpStatusCode.BadRequest);
    }
}
