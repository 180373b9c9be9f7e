using System.Net;
using System.Text.Json;

namespace Monalisa.Testing;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem with the given status and returns its field errors.</summary>
    public static async Task<Dictionary<string, string[]>> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("title").GetString()));
        var errors = new Dictionary<string, string[]>();
        if (json.RootElement.TryGetProperty("errors", out var e))
        {
            foreach (var field in e.EnumerateObject())
                errors[field.Name] = [.. field.Value.EnumerateArray().Select(m => m.GetString()!)];
        }
        return errors;
    }
}
