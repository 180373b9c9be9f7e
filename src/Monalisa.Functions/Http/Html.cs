using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Monalisa.Functions.Http;

/// <summary>HTML-escapes text typed by users; French letters stay readable, markup characters never pass.</summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");
}
