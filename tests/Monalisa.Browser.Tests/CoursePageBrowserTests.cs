using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Azure.Data.Tables;
using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;
using Monalisa.LocalHost;

namespace Monalisa.Browser.Tests;

[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class CoursePageBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : SiteServer(storage, chromium)
{
    [Fact]
    public async Task Course_page_renders_and_shows_the_live_seats_left_from_the_api()
    {
        // Three places taken in Lyon (capacity 15): the page must say 12, which only the API knows.
        var table = new TableClient(Storage.ConnectionString, "Enrolments");
        await table.CreateIfNotExistsAsync();
        // Browser tests share one Azurite and run one after another: start this session from a clean partition.
        foreach (var session in new[] { "2027-03-lyon", "2027-06-paris" })
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {session}")))
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
        }
        for (var seat = 1; seat <= 3; seat++)
            await table.UpsertEntityAsync(new TableEntity("2027-03-lyon", $"seat|{seat:D2}"));

        var page = await OpenAsync(CoursePath);

        Assert.Equal("Animer une stratégie de coopération MONALISA", await page.TextContentAsync("h1"));
        var seats = page.Locator("tr[data-session-id='2027-03-lyon'] [data-seats]");
        await Assertions.Expect(seats).ToHaveTextAsync("12 places restantes");
        await Assertions.Expect(page.Locator("tr[data-session-id='2027-06-paris'] [data-seats]")).ToHaveTextAsync("12 places restantes");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Without_javascript_the_course_page_still_lists_sessions_and_enrol_links()
    {
        var page = await OpenAsync(CoursePath, javaScript: false);

        Assert.Equal(3, await page.Locator("tr[data-session-id] a[data-enrol-link]").CountAsync());
        await Assertions.Expect(page.Locator("tr[data-session-id='2027-03-lyon'] [data-seats]")).ToHaveTextAsync("15 places");
    }

    [Fact]
    public async Task Enrolment_form_without_javascript_posts_a_plain_form_and_lands_on_the_page_the_api_redirects_to()
    {
        var page = await OpenAsync(EnrolPath, javaScript: false);
        Assert.Equal(3, await page.Locator("[data-trainee]").CountAsync());
        await FillValidEnrolmentAsync(page, javaScript: false);
        await page.FillAsync("#t0-email", $"camille.{Guid.NewGuid():N}@exemple.fr");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[type=submit]"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/enrolments");

        var request = response.Request;
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["content-type"]);
        var form = HttpUtility.ParseQueryString(request.PostData!);
        Assert.Equal("2027-06-paris", form["sessionId"]);
        Assert.Equal("Camille", form["trainees[0].firstName"]);
        Assert.Equal("professional", form["trainees[0].category"]);
        Assert.Equal("", form["trainees[1].firstName"]);
        Assert.Equal(("organisation", "invoice", "true", "true"), (form["payer.kind"], form["paymentMethod"], form["prerequisitesConfirmed"], form["consent"]));
        Assert.Null(form["formToken"]);
        Assert.Null(form["idempotencyKey"]);

        // Without the script there is no form token: the API answers with a page that offers the same form again,
        // with what was typed and a token; sending it goes through (never a silent drop).
        Assert.Equal(400, response.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Formulaire à renvoyer.");
        Assert.Equal("Camille", await page.Locator("input[type=hidden][name='trainees[0].firstName']").GetAttributeAsync("value"));
        response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("button[type=submit]"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/enrolments");

        // The real API: 303 to the « enregistrée » page, with the link that reads the enrolment back.
        Assert.Equal(303, response.Status);
        var location = new Uri(response.Headers["location"]);
        Assert.Equal("/inscription/enregistree/", location.AbsolutePath);
        await page.WaitForURLAsync("**/inscription/enregistree/**");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inscription enregistrée");
        var query = HttpUtility.ParseQueryString(location.Query);
        var status = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/enrolments/{query["id"]}?token={Uri.EscapeDataString(query["token"]!)}");
        Assert.Equal("awaitingInvoice", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Intra_request_form_without_javascript_posts_a_plain_form_to_the_intra_requests_api()
    {
        var page = await OpenAsync(CoursePath + "demande-intra/", javaScript: false);
        await page.FillAsync("#organisation", "CCAS de Villeurbanne");
        await page.FillAsync("#contactName", "Alex Durand");
        await page.FillAsync("#email", "alex.durand@exemple.fr");
        await page.FillAsync("#participants", "12");
        await page.CheckAsync("#consent");

        var request = await page.RunAndWaitForRequestAsync(
            () => page.ClickAsync("button[type=submit]"),
            r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/intra-requests");

        var form = HttpUtility.ParseQueryString(request.PostData!);
        Assert.Equal((Slug, "CCAS de Villeurbanne", "12", "true"), (form["courseSlug"], form["organisation"], form["participants"], form["consent"]));
        Assert.Equal("", form["website"]);
    }

    [Fact]
    public async Task Client_checks_show_the_server_messages_in_a_focused_summary_linked_to_the_fields()
    {
        var page = await OpenAsync(EnrolPath);
        await page.ClickAsync("button[type=submit]");

        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Stagiaire 1 : " + Monalisa.Domain.Text.FrenchFormat.LowerFirst(EnrolmentMessages.FirstNameRequired));
        await Assertions.Expect(summary).ToContainTextAsync(EnrolmentMessages.PaymentMethodRequired);
        await Assertions.Expect(summary).ToContainTextAsync(EnrolmentMessages.ConsentRequired);
        var describedBy = await page.GetAttributeAsync("#t0-firstName", "aria-describedby");
        Assert.Equal(EnrolmentMessages.FirstNameRequired, await page.TextContentAsync($"#{describedBy!.Split(' ')[0]}"));
        Assert.Equal("true", await page.GetAttributeAsync("#t0-firstName", "aria-invalid"));

        await summary.GetByRole(AriaRole.Link, new() { Name = EnrolmentMessages.FirstNameRequired }).ClickAsync();
        await Assertions.Expect(page.Locator("#t0-firstName")).ToBeFocusedAsync();
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Adding_and_removing_trainees_renumbers_the_fields_and_updates_the_live_quote()
    {
        var page = await OpenAsync(EnrolPath);
        Assert.Equal(1, await page.Locator("[data-trainee]").CountAsync());

        await page.ClickAsync("[data-add-trainee]");
        await page.ClickAsync("[data-add-trainee]");
        Assert.Equal(3, await page.Locator("[data-trainee]").CountAsync());
        await page.CheckAsync("#t0-category-professional");
        await page.CheckAsync("#t1-category-professional");
        await page.CheckAsync("#t2-category-volunteer");
        await Assertions.Expect(page.Locator("[data-quote] .total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Total\s*:\s*1\s300\s€"));

        await page.Locator("[data-trainee]").Nth(1).Locator("[data-remove-trainee]").ClickAsync();
        Assert.Equal(2, await page.Locator("[data-trainee]").CountAsync());
        Assert.Equal(1, await page.Locator("[name='trainees[1].firstName']").CountAsync());
        Assert.Equal(0, await page.Locator("[name='trainees[2].firstName']").CountAsync());
        Assert.True(await page.IsCheckedAsync("#t1-category-volunteer"));
        await Assertions.Expect(page.Locator("[data-quote] .total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"Total\s*:\s*800\s€"));
    }

    [Fact]
    public async Task With_javascript_the_form_sends_json_maps_field_errors_offers_the_waiting_list_and_follows_the_status()
    {
        // The enrolment API lands in another branch: here its documented answers are played back, in order.
        var page = await OpenAsync(EnrolPath);
        var requests = new List<(string Body, string? Key, string? Type)>();
        var answers = new Queue<(int Status, string Body)>([
            // The API's real answer for an address already enrolled: 409 with a field error, for the form to fix.
            (409, """{"type":"t","title":"Personne déjà inscrite.","status":409,"detail":"Cette personne est déjà inscrite à cette session.","errors":{"trainees[0].email":["Cette personne est déjà inscrite à cette session."]}}"""),
            (409, """{"type":"t","title":"Session complète","status":409,"detail":"Il ne reste aucune place sur cette session."}"""),
            (201, """{"id":"abc123","status":"waitingList","total":500,"statusUrl":"/api/enrolments/abc123?token=tok456","checkoutUrl":null}"""),
        ]);
        await page.RouteAsync("**/api/enrolments", async route =>
        {
            requests.Add((route.Request.PostData!, route.Request.Headers.GetValueOrDefault("idempotency-key"), route.Request.Headers.GetValueOrDefault("content-type")));
            var (status, body) = answers.Dequeue();
            await route.FulfillAsync(new() { Status = status, ContentType = status == 201 ? "application/json" : "application/problem+json", Body = body });
        });
        await page.RouteAsync("**/api/enrolments/abc123?token=tok456", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = """{"id":"abc123","status":"waitingList","statusLabel":"Sur liste d’attente","course":{"slug":"x","title":"Animer une stratégie de coopération MONALISA"},"session":{"id":"2027-06-paris","start":"2027-06-08","end":"2027-06-09","city":"Paris","venue":"Centre"},"trainees":[{"firstName":"Camille","lastName":"Martin","category":"professional"}],"lines":[],"total":500,"currency":"EUR","checkoutUrl":null}""",
        }));
        await FillValidEnrolmentAsync(page);

        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Stagiaire 1 : " + Monalisa.Domain.Text.FrenchFormat.LowerFirst(EnrolmentMessages.EmailAlreadyEnrolled));
        await Assertions.Expect(page.Locator("#t0-email-error")).ToHaveTextAsync(EnrolmentMessages.EmailAlreadyEnrolled);
        await Assertions.Expect(page.Locator("#form-status button")).ToHaveCountAsync(0);
        var first = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal("application/json", requests[0].Type);
        Assert.True(Guid.TryParse(requests[0].Key, out _));
        Assert.Equal("2027-06-paris", first.GetProperty("sessionId").GetString());
        Assert.Equal("Camille", first.GetProperty("trainees")[0].GetProperty("firstName").GetString());
        Assert.Equal("invoice", first.GetProperty("paymentMethod").GetString());
        Assert.True(first.GetProperty("consent").GetBoolean());
        Assert.False(first.GetProperty("waitingList").GetBoolean());
        // The form token the script fetched from the API when the page was shown (no renderedAt: a browser's clock proves nothing).
        Assert.StartsWith("f1.", first.GetProperty("formToken").GetString());
        Assert.False(first.TryGetProperty("renderedAt", out _));

        await page.ClickAsync("button[type=submit]");
        // A refused request is final: the resubmitted form carries a new key (the old one with another body is a 422).
        Assert.NotEqual(requests[0].Key, requests[1].Key);
        var join = page.GetByRole(AriaRole.Button, new() { Name = "M’inscrire sur la liste d’attente" });
        await Assertions.Expect(page.Locator("#form-status")).ToContainTextAsync("Il ne reste aucune place");
        await join.ClickAsync();

        await page.WaitForURLAsync("**/inscription/liste-attente/?id=abc123&token=tok456");
        Assert.True(JsonDocument.Parse(requests[2].Body).RootElement.GetProperty("waitingList").GetBoolean());
        Assert.NotEqual(requests[1].Key, requests[2].Key);
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync("Sur liste d’attente");
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync("Camille Martin");
    }

    [Fact]
    public async Task When_the_api_says_the_form_came_too_fast_the_script_waits_and_sends_the_same_request_again()
    {
        var page = await OpenAsync(EnrolPath);
        var requests = new List<(string Body, string? Key)>();
        var answers = new Queue<(int Status, string Type, string Body)>([
            (429, "application/problem+json", """{"type":"https://monalisa-asso.fr/problemes/envoi-trop-rapide","title":"Formulaire envoyé trop vite.","status":429,"detail":"Renvoyez-le dans un instant.","reason":"tooFast","retryAfter":1}"""),
            (201, "application/json", """{"id":"abc123","status":"awaitingInvoice","total":500,"statusUrl":"/api/enrolments/abc123?token=tok456","checkoutUrl":null}"""),
        ]);
        await page.RouteAsync("**/api/enrolments", async route =>
        {
            requests.Add((route.Request.PostData!, route.Request.Headers.GetValueOrDefault("idempotency-key")));
            var (status, type, body) = answers.Dequeue();
            var headers = new Dictionary<string, string> { ["Retry-After"] = "1" };
            await route.FulfillAsync(new() { Status = status, ContentType = type, Body = body, Headers = headers });
        });
        await page.RouteAsync("**/api/enrolments/abc123?token=tok456", route => route.FulfillAsync(new() { Status = 404 }));
        await FillValidEnrolmentAsync(page);

        await page.ClickAsync("button[type=submit]");

        await page.WaitForURLAsync("**/inscription/enregistree/?id=abc123&token=tok456");
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0], requests[1]);
    }

    [Fact]
    public async Task Payment_success_page_polls_until_the_enrolment_is_confirmed()
    {
        var calls = 0;
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/api/enrolments/e1?token=t1", route =>
        {
            var status = Interlocked.Increment(ref calls) < 2 ? "pendingPayment" : "confirmed";
            return route.FulfillAsync(new()
            {
                ContentType = "application/json",
                Body = $$"""{"id":"e1","status":"{{status}}","statusLabel":"…","course":{"slug":"x","title":"Animer"},"session":{"id":"s","start":"2027-03-16","end":"2027-03-17","city":"Lyon","venue":"Maison"},"trainees":[],"lines":[{"category":"professional","label":"Stagiaire professionnel","quantity":2,"unitPricePerDay":250,"amount":1000}],"total":1000,"currency":"EUR","checkoutUrl":null}""",
            });
        });
        await page.GotoAsync(Url("/inscription/confirmee/?id=e1&token=t1&session_id=cs_test"));

        await Assertions.Expect(page.Locator("[data-status] .status-title")).ToHaveTextAsync("Inscription confirmée", new() { Timeout = 10_000 });
        Assert.Equal(2, calls); // pending, then confirmed: the page stops polling
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"1\s000\s€"));
    }

    private static readonly string[] Pages =
    [
        "/", CoursePath, EnrolPath, CoursePath + "demande-intra/", "/inscription/confirmee/", "/inscription/annulee/",
        "/inscription/enregistree/", "/inscription/liste-attente/", "/demande-intra/recue/", "/mentions-legales/",
        "/donnees-personnelles/", "/accessibilite/", "/404.html",
    ];

    // One host and one context for all pages: a host per page would double this test's time for nothing.
    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_any_page()
    {
        var page = await OpenAsync("/");
        var violations = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(Url(path), new() { WaitUntil = WaitUntilState.NetworkIdle });
            violations.AddRange((await AxeAsync(page)).Select(v => $"{path}: {v}"));
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violation_on_a_form_showing_errors()
    {
        var page = await OpenAsync(EnrolPath);
        await page.ClickAsync("[data-add-trainee]");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        var violations = await AxeAsync(page);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task Full_page_screenshots_at_375_and_1280_pixels_without_sideways_scrolling()
    {
        Directory.CreateDirectory(ChromiumFixture.Screenshots);
        foreach (var width in new[] { 375, 1280 })
        {
            var page = await OpenAsync("/", width: width);
            foreach (var (name, path) in new[] { ("home", "/"), ("course", CoursePath), ("enrolment", EnrolPath) })
            {
                await page.GotoAsync(Url(path), new() { WaitUntil = WaitUntilState.NetworkIdle });
                var file = Path.Combine(ChromiumFixture.Screenshots, $"{name}-{width}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true });
                Assert.True(new FileInfo(file).Length > 10_000);
                // Readable from 320 px up: nothing wider than the viewport.
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways at {width} px");
            }
        }
    }

    private static Task<List<string>> AxeAsync(IPage page) => Axe.RunAsync(page);
}
