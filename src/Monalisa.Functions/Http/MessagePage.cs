using Microsoft.AspNetCore.Mvc;
using Monalisa.Content.Text;

namespace Monalisa.Functions.Http;

/// <summary>A one-message page in the site's layout (site/theme/pages/message.liquid): what an emailed link answers when it cannot open.</summary>
internal static class MessagePage
{
    public static IActionResult For(int status, string title, string message, string siteOrigin) =>
        ApiResults.Html(status, PageRenderer.Api.Render("message", title, new Dictionary<string, object?> { ["paragraphs"] = new[] { message } }, siteOrigin)).ToActionResult();
}
