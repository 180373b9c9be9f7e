using System.Text.Json;
using Microsoft.Playwright;
using Monalisa.LocalHost;

namespace Monalisa.Browser.Tests;

/// <summary>axe-core from node_modules, injected into the page: its serious and critical violations, one line each.</summary>
internal static class Axe
{
    private static string Source => Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");

    /// <param name="scriptsRun">False for a context with JavaScript disabled: a script tag would never load
    /// (and Playwright would wait for it), but Playwright's own evaluation still runs there.</param>
    public static async Task<List<string>> RunAsync(IPage page, bool scriptsRun = true)
    {
        if (scriptsRun) await page.AddScriptTagAsync(new() { Path = Source });
        else await page.EvaluateAsync(File.ReadAllText(Source));
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }))
              .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }
}
