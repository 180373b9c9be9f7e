using Markdig;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Conventions;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Conventions;

/// <summary>
/// An enrolment's convention in its three forms: the Markdown text whose hash is accepted (ConventionWriter), the HTML
/// of the acceptance and staff pages, and the PDF (the Documents feature's <see cref="IPdfWriter"/>). All three come
/// from the one text, so what is read, printed and accepted is the same.
/// </summary>
internal sealed class ConventionDocuments(CourseCatalogue catalogue, SiteSettings settings, IPdfWriter pdf)
{
    // Raw HTML is off: every value was escaped for Markdown, and nothing typed may become markup on our origin.
    private static readonly MarkdownPipeline Html = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    /// <summary>The convention of an organisation's enrolment as it stands; null for a self-funded trainee or a session gone from the catalogue.</summary>
    public TrainingConvention? For(EnrolmentRecord enrolment) =>
        ConventionDecisions.HasConvention(enrolment) && catalogue.FindSession(enrolment.SessionId) is { } found
            ? ConventionWriter.For(found.Course, found.Session, settings, enrolment)
            : null;

    public static string ToHtml(TrainingConvention convention) => Markdown.ToHtml(convention.Text, Html);

    /// <summary>
    /// The PDF, dated by the acceptance (or the enrolment) so that the same convention gives the same bytes; null while
    /// no PDF writer is registered.
    /// </summary>
    public byte[] Pdf(TrainingConvention convention, EnrolmentRecord enrolment) =>
        pdf.Write(convention.Text, new PdfProperties(convention.Title, $"Inscription {enrolment.Id}", enrolment.ConventionAcceptance?.AcceptedAt ?? enrolment.CreatedAt));
}
