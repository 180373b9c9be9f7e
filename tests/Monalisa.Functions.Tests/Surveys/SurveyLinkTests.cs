using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Surveys;

namespace Monalisa.Functions.Tests.Surveys;

/// <summary>
/// The questionnaires over the real host and Azurite, with the fake clock: the hourly timer sends each invitation and
/// reminder once, a personal link answers once, and api/resultats publishes the rate of the answers posted here.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyLinkTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _test = new();
    private readonly TableInspector _tables = new(storage.ConnectionString);
    private Course _course = null!;
    private TestApi _api = null!;

    // The session ends on 17 March 2027 at 17:00 Paris time (16:00 UTC): the à chaud is due then.
    private static readonly DateTimeOffset AfterLastHalfDay = new(2027, 3, 17, 16, 30, 0, TimeSpan.Zero);

    private string SessionId => _course.Sessions[0].Id;

    public async Task InitializeAsync()
    {
        // A slug of its own: api/resultats counts answers by course, and other tests share this Azurite.
        _course = _test.Course with { Slug = "questionnaires-" + Guid.NewGuid().ToString("N")[..8] };
        _api = await TestApi.StartAsync(storage, new CourseCatalogue([_course], SiteSettings.LoadEmbedded().EnrolmentDeadline()));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task EnrolAsync(params string[] emails)
    {
        var body = new EnrolmentBody(SessionId);
        foreach (var email in emails) body.Trainee(email: email);
        var response = await _api.Client.PostAsync("/api/enrolments", body.ToJsonContent());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task RunTimerAsync()
    {
        var response = await _api.Client.PostAsync("/_dev/timers/SendSurveys", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private string KeyOf(string email) => _api.Services.GetRequiredService<TraineeLocks>().TraineeKey(email);

    private string TokenOf(string purpose, string key) => _api.Services.GetRequiredService<TraineeLinks>().Token(purpose, SessionId, key);

    private string HotLink(string email) => "/" + SurveyLinks.Path(Domain.Surveys.SurveyKind.Hot, SessionId, KeyOf(email)) + "?token=" + TokenOf(SurveyLinks.Hot, KeyOf(email));

    /// <summary>The à chaud form as a trainee posts it: the five scales, each objective « après », and the free text.</summary>
    private FormUrlEncodedContent HotAnswer(int overall, string comment = "")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("objectifs", "4"), new("contenu", "5"), new("formateurs", "5"), new("organisation", "3"), new("global", overall.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("commentaire", comment),
        };
        for (var i = 0; i < _course.Objectives.Count; i++) fields.Add(new($"objectif-{i + 1}", "3"));
        return new FormUrlEncodedContent(fields);
    }

    private Task<int> CountAsync(string prefix) => _tables.CountAsync("Surveys", SessionId, prefix);

    [Fact]
    public async Task The_timer_run_twice_sends_each_invitation_once_and_each_reminder_once_and_none_after_an_answer()
    {
        await EnrolAsync("lea.durand@example.org", "paul.petit@example.org");
        _api.Clock.SetUtcNow(AfterLastHalfDay - TimeSpan.FromHours(1));
        await RunTimerAsync();
        Assert.Equal(0, await CountAsync("invitation|chaud|"));

        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        await RunTimerAsync();
        Assert.Equal(2, await CountAsync("invitation|chaud|"));
        Assert.Equal(2, await CountAsync("outbox|"));

        // Léa answers; four days later nobody is reminded, five days later Paul only, once.
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync(HotLink("lea.durand@example.org"), HotAnswer(5))).StatusCode);
        _api.Clock.Advance(TimeSpan.FromDays(4));
        await RunTimerAsync();
        Assert.Equal(0, await CountAsync("reminder|"));
        _api.Clock.Advance(TimeSpan.FromDays(1));
        await RunTimerAsync();
        await RunTimerAsync();
        Assert.Equal(1, await CountAsync("reminder|"));
        Assert.Equal(1, await CountAsync("reminder|chaud|" + KeyOf("paul.petit@example.org")));
        Assert.Equal(3, await CountAsync("outbox|"));
        var outbox = await _tables.PartitionAsync("Surveys", SessionId, "outbox|");
        Assert.Equal(2, outbox.Count(o => o.GetString("Kind") == "questionnaire-chaud"));
        Assert.Equal(1, outbox.Count(o => o.GetString("Kind") == "relance-questionnaire"));
    }

    [Fact]
    public async Task A_questionnaire_link_answers_once_and_a_second_post_leaves_the_answer_unchanged()
    {
        await EnrolAsync("lea.durand@example.org");
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();

        var form = await _api.Client.GetAsync(HotLink("lea.durand@example.org"));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("<fieldset id=\"global\"", html);
        Assert.Contains("Je maîtrise", html);

        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync(HotLink("lea.durand@example.org"), HotAnswer(5, "Très concret"))).StatusCode);
        var second = await _api.Client.PostAsync(HotLink("lea.durand@example.org"), HotAnswer(1, "Changé d'avis"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("déjà répondu", await second.Content.ReadAsStringAsync());

        var answers = await _tables.PartitionAsync("Surveys", SessionId, "answer|");
        var answer = Assert.Single(answers);
        Assert.Contains("\"global\":5", answer.GetString("Scores"));
        Assert.Equal("Très concret", answer.GetString("Comment"));
        // Pseudonymous: the row names nobody.
        Assert.DoesNotContain(answer.Keys, k => k.Contains("Email", StringComparison.OrdinalIgnoreCase) || k.Contains("Name", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("déjà répondu", await (await _api.Client.GetAsync(HotLink("lea.durand@example.org"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_token_a_wrong_key_and_an_uninvited_trainee_get_the_same_404()
    {
        await EnrolAsync("lea.durand@example.org");
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        var key = KeyOf("lea.durand@example.org");
        var path = "/" + SurveyLinks.Path(Domain.Surveys.SurveyKind.Hot, SessionId, key);

        var wrongToken = await _api.Client.GetAsync(path + "?token=" + TokenOf(SurveyLinks.Cold, key));
        var wrongKey = await _api.Client.GetAsync("/" + SurveyLinks.Path(Domain.Surveys.SurveyKind.Hot, SessionId, KeyOf("x@example.org")) + "?token=" + TokenOf(SurveyLinks.Hot, KeyOf("x@example.org")));
        var posted = await _api.Client.PostAsync(path + "?token=abc", HotAnswer(5));
        foreach (var response in new[] { wrongToken, wrongKey, posted })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Ce lien de questionnaire n'existe pas", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        Assert.Equal(0, await CountAsync("answer|"));
    }

    [Fact]
    public async Task An_incomplete_answer_comes_back_with_one_french_message_per_field_and_is_not_stored()
    {
        await EnrolAsync("lea.durand@example.org");
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        var response = await _api.Client.PostAsync(HotLink("lea.durand@example.org"),
            new FormUrlEncodedContent([new("global", "9"), new("commentaire", new string('x', 2001))]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez une réponse entre 1 et 5.", html);
        Assert.Contains("2000 caractères au plus", html);
        Assert.Equal(0, await CountAsync("answer|"));
    }

    [Fact]
    public async Task The_rate_published_by_api_resultats_equals_the_rate_of_the_answers_posted()
    {
        string[] emails = ["a1@example.org", "a2@example.org", "a3@example.org"];
        await EnrolAsync(emails);
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        int[] overall = [5, 4, 2];
        for (var i = 0; i < emails.Length; i++)
            Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync(HotLink(emails[i]), HotAnswer(overall[i]))).StatusCode);
        // By hand: 2 of 3 answered 4 or 5.
        var expected = (int)Math.Round(100m * overall.Count(o => o >= 4) / overall.Length, MidpointRounding.AwayFromZero);

        var response = await _api.Client.GetAsync("/api/resultats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString() ?? "");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var course = json.GetProperty("courses").EnumerateArray().Single(c => c.GetProperty("slug").GetString() == _course.Slug);
        var satisfaction = course.GetProperty("satisfaction");
        Assert.Equal(expected, satisfaction.GetProperty("rate").GetInt32());
        Assert.Equal(3, satisfaction.GetProperty("respondents").GetInt32());
        Assert.Equal("2027-03-16", satisfaction.GetProperty("periodStart").GetString());
        Assert.Equal("2027-03-17", satisfaction.GetProperty("periodEnd").GetString());
        Assert.Equal(AfterLastHalfDay, satisfaction.GetProperty("computedAt").GetDateTimeOffset());
        Assert.DoesNotContain("commentaire", json.GetRawText());
    }

    [Fact]
    public async Task Staff_see_the_session_rate_before_and_after_and_free_text_and_export_the_answers_without_names()
    {
        await EnrolAsync("lea.durand@example.org", "paul.petit@example.org");
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        await _api.Client.PostAsync(HotLink("lea.durand@example.org"), HotAnswer(5, "Très concret"));
        await _api.Client.PostAsync(HotLink("paul.petit@example.org"), HotAnswer(3));

        Assert.NotEqual(HttpStatusCode.OK, (await _api.Client.GetAsync("/api/equipe/questionnaires")).StatusCode);
        var staff = await _api.SignInAsync();
        var list = WebUtility.HtmlDecode(await staff.GetStringAsync("/api/equipe/questionnaires"));
        Assert.Contains("50 % (1/2)", list);
        var detail = WebUtility.HtmlDecode(await staff.GetStringAsync("/api/equipe/questionnaires/" + SessionId));
        Assert.Contains("Très concret", detail);
        Assert.Contains("3,00 (2)", detail);
        var csv = System.Text.Encoding.UTF8.GetString(await staff.GetByteArrayAsync("/api/equipe/questionnaires/" + SessionId + "/csv"));
        Assert.Contains("Très concret", csv);
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("Durand", csv);
        Assert.DoesNotContain("lea.durand", csv);
    }

    [Fact]
    public async Task The_person_export_lists_the_questionnaires_sent_and_retention_deletes_them_36_months_later()
    {
        var email = $"export-{Guid.NewGuid():N}@example.org";
        await EnrolAsync(email);
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        await _api.Client.PostAsync(HotLink(email), HotAnswer(4, "Merci"));

        var staff = await _api.SignInAsync();
        var response = await staff.PostAsync("/api/equipe/personnes/export", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var sent = Assert.Single(json.RootElement.GetProperty("questionnaires").EnumerateArray());
        Assert.Equal("chaud", sent.GetProperty("questionnaire").GetString());
        Assert.Equal(SessionId, sent.GetProperty("session").GetString());
        Assert.True(sent.GetProperty("repondu").GetBoolean());

        _api.Clock.SetUtcNow(AfterLastHalfDay.AddMonths(36).AddDays(-1));
        await _api.Client.PostAsync("/_dev/timers/ApplySurveyRetention", null);
        Assert.Equal(1, await CountAsync("answer|"));
        _api.Clock.SetUtcNow(AfterLastHalfDay.AddMonths(36).AddDays(1));
        await _api.Client.PostAsync("/_dev/timers/ApplySurveyRetention", null);
        Assert.Equal(0, await CountAsync("answer|"));
        Assert.Equal(0, await CountAsync("invitation|"));
    }

    [Fact]
    public async Task In_january_each_paying_organisation_of_the_previous_year_is_asked_once_and_its_link_answers_once()
    {
        var payer = $"compta-{Guid.NewGuid():N}@example.org";
        var response = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(SessionId).Professionals(2).Payer("email", payer).ToJsonContent());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var key = KeyOf(payer);
        var partition = SurveyKeys.EmployerPartition(2027);

        _api.Clock.SetUtcNow(new DateTimeOffset(2028, 1, 5, 10, 0, 0, TimeSpan.Zero));
        await RunTimerAsync();
        await RunTimerAsync();
        Assert.Equal(1, await _tables.CountAsync("Surveys", partition, SurveyKeys.Invitation(Domain.Surveys.SurveyKind.Employer, key)));

        var token = _api.Services.GetRequiredService<TraineeLinks>().Token(SurveyLinks.Employer, partition, key);
        var link = "/" + SurveyLinks.Path(Domain.Surveys.SurveyKind.Employer, partition, key) + "?token=" + token;
        var form = new FormUrlEncodedContent([new("reponse-besoins", "5"), new("effets", "4"), new("relation", "5"), new("commentaire", "Merci")]);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsync(link, form)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.Client.PostAsync(link, new FormUrlEncodedContent([new("reponse-besoins", "1"), new("effets", "1"), new("relation", "1")]))).StatusCode);
        var answer = await _tables.PartitionAsync("Surveys", partition, SurveyKeys.Answer(Domain.Surveys.SurveyKind.Employer, key));
        Assert.Contains("\"reponse-besoins\":5", Assert.Single(answer).GetString("Scores"));
    }

    [Fact]
    public async Task Erasing_a_person_deletes_their_questionnaire_answers_and_keeps_the_others()
    {
        var email = $"efface-{Guid.NewGuid():N}@example.org";
        await EnrolAsync(email, "autre@example.org");
        _api.Clock.SetUtcNow(AfterLastHalfDay);
        await RunTimerAsync();
        await _api.Client.PostAsync(HotLink(email), HotAnswer(2, "Je m'appelle Untel"));
        await _api.Client.PostAsync(HotLink("autre@example.org"), HotAnswer(5));
        Assert.Equal(2, await CountAsync("answer|"));

        var staff = await _api.SignInAsync();
        var response = await staff.PostAsync("/api/equipe/personnes/effacer", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["confirm"] = "oui" }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync("answer|chaud|" + KeyOf(email)));
        Assert.Equal(1, await CountAsync("answer|chaud|" + KeyOf("autre@example.org")));
    }
}
