using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Text;

namespace Monalisa.Browser.Tests;

/// <summary>
/// Issue 15's defects on the form and the result pages, each seen as a visitor sees it: the amount box, the payment
/// pages' status, the error summary (with and without the script) and the calendar at 375 px.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class FrontOfHouseBrowserTests(AzuriteFixture storage, ChromiumFixture chromium) : SiteServer(storage, chromium)
{
    private const string Confirmed = "/inscription/confirmee/?id=e1&token=t1&session_id=cs_test";
    private const string Cancelled = "/inscription/annulee/?id=e1&token=t1";

    [Fact]
    public async Task The_amount_box_never_prints_null_or_undefined_whether_or_not_every_trainee_has_a_category()
    {
        var page = await OpenAsync(EnrolPath);
        var amount = page.Locator("section.quote");
        await page.ClickAsync("[data-add-trainee]");
        await page.CheckAsync("#t0-category-professional");
        // One trainee still without a category: the hint line is there.
        await Assertions.Expect(amount.Locator("[data-quote] .hint")).ToBeVisibleAsync();
        await AssertNoScriptLeftoversAsync(amount);

        // Every trainee has one: the optional hint is absent, and so must be any trace of it.
        await page.CheckAsync("#t1-category-volunteer");
        await Assertions.Expect(amount.Locator("[data-quote] .total")).ToHaveTextAsync(new Regex(@"Total\s*:\s*800\s€"));
        await Assertions.Expect(amount.Locator("[data-quote] .hint")).ToHaveCountAsync(0);
        await AssertNoScriptLeftoversAsync(amount);
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task The_confirmation_page_drops_the_we_are_checking_sentence_once_the_enrolment_is_confirmed()
    {
        var calls = 0;
        var page = await StatusPageAsync(Confirmed, () => Interlocked.Increment(ref calls) < 2 ? "pendingPayment" : "confirmed");

        await Assertions.Expect(page.Locator("[data-status] .status-title")).ToHaveTextAsync("Inscription confirmée", new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByText("Nous vérifions votre paiement")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByText("Votre paiement est validé")).ToBeVisibleAsync();
        Assert.Equal("ok", await page.GetAttributeAsync("[data-status]", "data-tone"));
    }

    [Fact]
    public async Task While_the_payment_is_still_awaited_the_confirmation_page_keeps_the_we_are_checking_sentence()
    {
        var page = await StatusPageAsync(Confirmed, () => "pendingPayment");

        await Assertions.Expect(page.Locator("[data-status]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Nous vérifions votre paiement")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Votre paiement est validé")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_cancelled_page_shows_a_payment_still_awaited_in_a_waiting_box_not_a_green_one()
    {
        var page = await StatusPageAsync(Cancelled, () => "pendingPayment", checkoutUrl: "https://checkout.example/cs_test");

        var box = page.Locator("[data-status]");
        await Assertions.Expect(box.Locator(".status-title")).ToHaveTextAsync("Paiement non effectué : places gardées quelques minutes");
        await Assertions.Expect(box).Not.ToContainTextAsync("En attente de paiement");
        await Assertions.Expect(box).ToHaveAttributeAsync("data-tone", "wait");
        var colours = await box.EvaluateAsync<string[]>("b => [getComputedStyle(b).borderTopColor, getComputedStyle(b.querySelector('.status-title')).color]");
        Assert.DoesNotContain("rgb(29, 107, 54)", colours); // --ok, the success green
        await Assertions.Expect(box.GetByRole(AriaRole.Link, new() { Name = "Reprendre le paiement" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task With_several_trainees_the_error_summary_says_which_trainee_or_the_payer_each_message_is_about()
    {
        var page = await OpenAsync(EnrolPath);
        await page.ClickAsync("[data-add-trainee]");
        await page.ClickAsync("[data-add-trainee]");
        for (var i = 0; i < 3; i++)
        {
            await page.FillAsync($"#t{i}-firstName", $"Prénom{i}");
            await page.FillAsync($"#t{i}-lastName", $"Nom{i}");
            await page.FillAsync($"#t{i}-email", $"adresse{i}-sans-arobase.exemple.fr");
            await page.CheckAsync($"#t{i}-category-professional");
        }
        await page.FillAsync("#payer-email", "compta-sans-arobase");
        await page.ClickAsync("button[type=submit]");

        var items = page.Locator("#error-summary li");
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        var summary = (await items.AllTextContentsAsync()).Select(Normalize).ToList();
        var invalid = FrenchFormat.LowerFirst(EnrolmentMessages.EmailInvalid);
        foreach (var expected in new[] { $"Stagiaire 1 : {invalid}", $"Stagiaire 2 : {invalid}", $"Stagiaire 3 : {invalid}", $"Payeur : {invalid}" })
            Assert.Contains(expected, summary);
        Assert.Contains(EnrolmentMessages.PrerequisitesRequired, summary);
        // Next to the field, inside the trainee's own box, the message stands alone.
        await Assertions.Expect(page.Locator("#t1-email-error")).ToHaveTextAsync(EnrolmentMessages.EmailInvalid);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Stagiaire 2 : {invalid}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#t1-email")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_servers_field_errors_in_the_summary_say_which_trainee_or_the_payer_they_are_about()
    {
        var page = await OpenAsync(EnrolPath);
        await page.RouteAsync("**/api/enrolments", route => route.FulfillAsync(new()
        {
            Status = 400,
            ContentType = "application/problem+json",
            Body = $$$"""{"title":"Le formulaire contient des erreurs.","status":400,"errors":{"trainees[1].email":["{{{EnrolmentMessages.EmailDuplicate}}}"],"payer.siret":["{{{EnrolmentMessages.SiretInvalid}}}"]}}""",
        }));
        await page.ClickAsync("[data-add-trainee]");
        await FillValidEnrolmentAsync(page);
        await page.FillAsync("#t1-firstName", "Lou");
        await page.FillAsync("#t1-lastName", "Bernard");
        await page.FillAsync("#t1-email", "lou.bernard@exemple.fr");
        await page.CheckAsync("#t1-category-volunteer");
        await page.FillAsync("#t1-volunteerAssociation", "Les Petits Frères des Pauvres");
        await page.CheckAsync("#t1-volunteerDeclared");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        var summary = (await page.Locator("#error-summary li").AllTextContentsAsync()).Select(Normalize).ToList();
        Assert.Equal([$"Stagiaire 2 : {Expected(EnrolmentMessages.EmailDuplicate)}", $"Payeur : {Expected(EnrolmentMessages.SiretInvalid)}"], summary);

        static string Expected(string message) => message.Length > 1 && char.IsLower(message[1]) ? FrenchFormat.LowerFirst(message) : message;
    }

    [Fact]
    public async Task Without_javascript_the_error_page_names_each_field_by_its_label_never_by_its_code_name()
    {
        var page = await OpenAsync(EnrolPath, javaScript: false);
        await FillValidEnrolmentAsync(page, javaScript: false);
        await page.FillAsync("#t0-email", "camille-sans-arobase.exemple.fr");
        await page.UncheckAsync("#prerequisitesConfirmed");
        await page.FillAsync("#t1-firstName", "Lou");
        // The browser's own checks would stop these before the server sees them (an old browser would not).
        await page.Locator("form[data-form]").EvaluateAsync("f => f.noValidate = true");
        // Without the script there is no form token: the first answer offers the same form again, with a token.
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Formulaire à renvoyer.");
        await page.ClickAsync("button[type=submit]");

        var list = page.Locator("main li");
        await Assertions.Expect(list.First).ToBeVisibleAsync();
        var items = (await list.AllTextContentsAsync()).Select(Normalize).ToList();
        Assert.Contains($"Stagiaire 1 — adresse e-mail : {EnrolmentMessages.EmailInvalid}", items);
        Assert.Contains($"Conditions préalables : {EnrolmentMessages.PrerequisitesRequired}", items);
        Assert.Contains($"Stagiaire 2 — nom : {EnrolmentMessages.LastNameRequired}", items);
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("trainees[", text);
        Assert.DoesNotContain("prerequisitesConfirmed", text);
    }

    [Fact]
    public async Task At_375_pixels_the_calendar_caption_spans_the_table_instead_of_one_word_per_line()
    {
        var page = await OpenAsync(CoursePath, width: 375);

        var box = await page.Locator("table.sessions").EvaluateAsync<double[]>(
            "t => { const c = t.querySelector('caption'); const r = c.getBoundingClientRect(); return [r.width, r.height, t.getBoundingClientRect().width, parseFloat(getComputedStyle(c).lineHeight)]; }");
        var (width, height, tableWidth, lineHeight) = (box[0], box[1], box[2], box[3]);
        Assert.True(width >= tableWidth - 1, $"caption {width} px wide in a table of {tableWidth} px");
        Assert.True(height <= 3 * lineHeight + 12, $"caption {height} px high, line height {lineHeight} px");
    }

    /// <summary>A status page whose API answer is played back: the state from <paramref name="status"/> at each call.</summary>
    private async Task<IPage> StatusPageAsync(string path, Func<string> status, string? checkoutUrl = null)
    {
        var context = await NewContextAsync(new() { Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/api/enrolments/e1?token=t1", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = $$"""{"id":"e1","status":"{{status()}}","statusLabel":"En attente de paiement","course":{"slug":"x","title":"Animer"},"session":{"id":"s","start":"2027-03-16","end":"2027-03-17","city":"Lyon","venue":"Maison"},"trainees":[],"lines":[{"category":"professional","label":"Stagiaire professionnel","quantity":2,"unitPricePerDay":250,"amount":1000,"days":2}],"total":1000,"currency":"EUR","checkoutUrl":{{(checkoutUrl is null ? "null" : $"\"{checkoutUrl}\"")}}}""",
        }));
        await page.GotoAsync(Url(path));
        return page;
    }

    private static async Task AssertNoScriptLeftoversAsync(ILocator amount)
    {
        var text = await amount.InnerTextAsync();
        Assert.DoesNotMatch(@"\b(null|undefined|false|NaN)\b", text);
    }
}
