using System.Text.Encodings.Web;

namespace Monalisa.Content.Text;

/// <summary>
/// Escapes what a user typed before it meets Markdown: each ASCII punctuation that Markdown reads (emphasis, links,
/// headings, raw HTML…) gets a backslash, so a payer named « [clic](https://…) » or « &lt;b&gt; » stays plain text, and
/// Markdig's HTML writer then HTML-escapes it. Used for the HTML part of an email; the text part is rendered unescaped.
/// </summary>
public sealed class MarkdownEncoder : TextEncoder
{
    public static readonly MarkdownEncoder Instance = new();

    private const string Punctuation = "\\`*_{}[]<>()#+-.!|~&\"'=:";

    public override int MaxOutputCharactersPerInputCharacter => 3;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 128 && Punctuation.Contains((char)unicodeScalar);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
            if (WillEncode(text[i])) return i;
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var escaped = WillEncode(unicodeScalar);
        var needed = (escaped ? 1 : 0) + (unicodeScalar > 0xFFFF ? 2 : 1);
        numberOfCharactersWritten = 0;
        if (bufferLength < needed) return false;
        if (escaped) buffer[numberOfCharactersWritten++] = '\\';
        foreach (var c in char.ConvertFromUtf32(unicodeScalar)) buffer[numberOfCharactersWritten++] = c;
        return true;
    }
}
