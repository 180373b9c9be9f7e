using System.Net.Http.Json;
using System.Text.Json;
using Monalisa.Site;

namespace Monalisa.Functions.Tests.Catalogue;

/// <summary>
/// The deploy job's <c>check-live</c> against the local host over Azurite, with a real enrolment: the new content may
/// not delete or shrink a session below the places taken, and says so naming the file and the field.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveCheckCommandTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestCourse _course = new();
    private TestApi _api = null!;
    private string _site = null!;

    private string CourseFile => Path.Combine(_site, "input", "courses", TestCourse.RealSlug + ".md");

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(storage, _course.Catalogue);
        // The content the deploy job would publish: the real course file, its session ids those the host publishes.
        _site = Path.Combine(Path.GetTempPath(), "monalisa-live-check", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(CourseFile)!);
        var suffix = _course.SessionId[_course.SessionId.LastIndexOf('-')..];
        var text = await File.ReadAllTextAsync(Path.Combine(Monalisa.LocalHost.RepositoryPaths.Root, "site", "input", "courses", TestCourse.RealSlug + ".md"));
        text = System.Text.RegularExpressions.Regex.Replace(text, @"(\n  - Id: )(\S+)", m => m.Groups[1].Value + m.Groups[2].Value + suffix);
        await File.WriteAllTextAsync(CourseFile, text);
        Assert.Contains($"Id: {_course.SessionId}\n", text.ReplaceLineEndings("\n"));

        var enrolment = await _api.Client.PostAsync("/api/enrolments", new EnrolmentBody(_course.SessionId).Professionals(3).ToJsonContent());
        Assert.True(enrolment.IsSuccessStatusCode, await enrolment.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        try { Directory.Delete(_site, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_API_publishes_the_places_taken_per_session_and_no_person()
    {
        var body = await _api.Client.GetStringAsync("/api/sessions/places");
        var sessions = JsonDocument.Parse(body).RootElement.GetProperty("sessions").EnumerateArray().ToList();

        var first = sessions.Single(s => s.GetProperty("session").GetString() == _course.SessionId);
        Assert.Equal(TestCourse.RealSlug, first.GetProperty("course").GetString());
        Assert.Equal(3, first.GetProperty("taken").GetInt32());
        Assert.Equal(_course.Course.Sessions.Count, sessions.Count);
        Assert.DoesNotContain("Martin", body);
        Assert.DoesNotContain("@", body);
    }

    [Fact]
    public void Unchanged_content_or_a_larger_session_passes()
    {
        Assert.Equal(0, Run().Exit);
        Replace("    Capacity: 15\n", "    Capacity: 20\n");
        var (exit, output, _) = Run();
        Assert.Equal(0, exit);
        Assert.Contains("1 session(s) avec des inscrits", output);
    }

    [Fact]
    public void A_session_with_enrolments_cannot_be_shrunk_below_its_taken_places()
    {
        Replace("    Capacity: 15\n", "    Capacity: 2\n");

        var (exit, _, error) = Run();

        Assert.Equal(1, exit);
        Assert.Contains($"courses/{TestCourse.RealSlug}.md — Sessions[0].Capacity : 2 places, mais elle compte déjà 3 places prises dans cet environnement : indiquez au moins 3.", error);
    }

    [Fact]
    public void A_session_with_enrolments_cannot_be_deleted()
    {
        var lines = File.ReadAllLines(CourseFile).ToList();
        var at = lines.IndexOf($"  - Id: {_course.SessionId}");
        lines.RemoveRange(at, 8);
        File.WriteAllLines(CourseFile, lines);

        var (exit, _, error) = Run();

        Assert.Equal(1, exit);
        Assert.Contains($"courses/{TestCourse.RealSlug}.md — Sessions : la session « {_course.SessionId} » compte 3 places prises dans cet environnement", error);
    }

    [Fact]
    public void An_environment_whose_API_predates_the_check_is_let_through_with_a_warning()
    {
        var (exit, output, _) = Run(new Uri(_api.BaseAddress, "api/nothing-here").ToString());

        Assert.Equal(0, exit);
        Assert.Contains("::warning::", output);
    }

    private void Replace(string from, string to)
    {
        var text = File.ReadAllText(CourseFile).ReplaceLineEndings("\n");
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, from);
        File.WriteAllText(CourseFile, text[..at] + to + text[(at + from.Length)..]);
    }

    private (int Exit, string Output, string Error) Run(string? api = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SiteCommand.Run(["check-live", "--api", api ?? new Uri(_api.BaseAddress, "api").ToString(), "--site", _site], output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
