using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monalisa.Content.Text;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Abuse;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Enrolment;

/// <summary>
/// The links emails carry to act on an enrolment (withdrawal, overdue instalment, waiting-list offer): the enrolment a
/// link opens, with its token (from the posted form, else the query), rate-limited per address and per enrolment first
/// (guessing tokens or replaying links is slowed down), then one 404 page for a wrong id and a wrong token alike.
/// </summary>
internal sealed class EmailedLinks(EnrolmentStore store, ActionTokens actionTokens, FormGate gate, EnrolmentOptions options)
{
    /// <param name="notFound">What the 404 page says (the kind of link it was).</param>
    public async Task<(EnrolmentRecord Enrolment, string Token, IActionResult? Refused)> OpenAsync(HttpRequest request, string id, string notFound, CancellationToken cancellationToken)
    {
        if (await gate.CheckLinkAsync(request, id, cancellationToken) is { } limited) return (null!, "", limited.ToActionResult());
        var token = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken))["token"].ToString() : "";
        if (string.IsNullOrEmpty(token)) token = request.Query["token"].ToString();
        return await store.GetAsync(id, cancellationToken) is { } enrolment && actionTokens.Matches(token, enrolment)
            ? (enrolment, token, null)
            : (null!, token, Page(404, "Lien introuvable", notFound));
    }

    /// <summary>A one-message page, in the site's layout (site/theme/pages/message.liquid).</summary>
    public IActionResult Page(int status, string title, string message) =>
        MessagePage.For(status, title, message, options.SiteOrigin);
}
