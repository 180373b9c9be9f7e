using System.Text.Json;
using Microsoft.Playwright;
using Monalisa.LocalHost;

namespace Monalisa.Browser.Tests;

/// <summary>axe-core from node_modules, run in the page: its serious and critical violations, one line each.</summary>
internal static class Axe
{
    private static string Source => Path.Combine(RepositoryPaths.Root, "node_modules", "axe-core", "axe.min.js");

    public static async Task<List<string>> RunAsync(IPage page)
    {
        // Evaluated through DevTools, not added as a <script> tag: the site's CSP (no inline script) stays on during tests.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Source));
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }))
              .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }
}
