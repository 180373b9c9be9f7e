using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monalisa.Functions.Tests.Tariffs;

[Collection(AzuriteCollection.Name)]
public sealed class QuoteApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Course = "animer-une-strategie-de-cooperation-monalisa";
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync(storage);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Two_professionals_and_a_volunteer_are_quoted_1300_euros_with_one_line_per_category()
    {
        var response = await _api.Client.GetAsync($"/api/quote?course={Course}&mode=inter&professional=2&volunteer=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(Course, root.GetProperty("course").GetString());
        Assert.Equal("inter", root.GetProperty("mode").GetString());
        Assert.Equal("EUR", root.GetProperty("currency").GetString());
        Assert.Equal(2, root.GetProperty("days").GetInt32());
        Assert.Equal(1300m, root.GetProperty("total").GetDecimal());
        var lines = root.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("professional", lines[0].GetProperty("category").GetString());
        Assert.Equal(2, lines[0].GetProperty("quantity").GetInt32());
        Assert.Equal(250m, lines[0].GetProperty("unitPricePerDay").GetDecimal());
        Assert.Equal(1000m, lines[0].GetProperty("amount").GetDecimal());
        Assert.Equal(300m, lines[1].GetProperty("amount").GetDecimal());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_intra_session_is_quoted_3000_euros()
    {
        var quote = await _api.Client.GetFromJsonAsync<JsonElement>($"/api/quote?course={Course}&mode=intra");
        Assert.Equal(3000m, quote.GetProperty("total").GetDecimal());
        Assert.Equal("intra", quote.GetProperty("lines")[0].GetProperty("category").GetString());
    }

    [Theory]
    [InlineData("mode=inter&professional=1", "course")]
    [InlineData("course=inconnue&mode=inter&professional=1", "course")]
    [InlineData("course=" + Course + "&professional=1", "mode")]
    [InlineData("course=" + Course + "&mode=hybride&professional=1", "mode")]
    [InlineData("course=" + Course + "&mode=inter&professional=-1", "professional")]
    [InlineData("course=" + Course + "&mode=inter&professional=deux", "professional")]
    [InlineData("course=" + Course + "&mode=inter&volunteer=1.5", "volunteer")]
    [InlineData("course=" + Course + "&mode=inter&professional=31", "professional")]
    [InlineData("course=" + Course + "&mode=inter&professional=20&volunteer=20", "professional")]
    [InlineData("course=" + Course + "&mode=inter", "professional")]
    [InlineData("course=" + Course + "&mode=inter&professional=1&professional=2", "professional")]
    [InlineData("course=" + Course + "&mode=inter&professional=99999999999999999999", "professional")]
    public async Task Bad_input_gets_a_400_problem_with_a_french_message_for_the_parameter(string query, string field)
    {
        var response = await _api.Client.GetAsync($"/api/quote?{query}");
        var errors = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(errors.ContainsKey(field), $"no error for {field}: {string.Join(", ", errors.Keys)}");
        Assert.All(errors[field], m => Assert.Matches("[éèàçôîû«]|Indiquez|Le |La |Un ", m));
    }
}
