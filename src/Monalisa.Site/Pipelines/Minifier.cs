using System.Text;
using Monalisa.Content;
using NUglify;

namespace Monalisa.Site;

/// <summary>
/// The theme's CSS and JS as the site publishes them: minified (NUglify), so that the course page stays light and
/// Lighthouse finds nothing to strip. The theme keeps its readable, commented sources; the API's pages serve those
/// under their own names (PageRenderer), so nothing else depends on these bytes.
/// </summary>
internal static class Minifier
{
    /// <summary>The published bytes of a theme asset: minified CSS or JS, anything else as it is.</summary>
    public static byte[] Published(string name, byte[] source)
    {
        var extension = Path.GetExtension(name);
        if (extension is not (".css" or ".js")) return source;
        var text = Encoding.UTF8.GetString(source);
        var result = extension == ".js" ? Uglify.Js(text) : Uglify.Css(text);
        // A file the minifier cannot read is a broken asset: the build stops on it rather than publish half of it.
        if (result.HasErrors)
            throw new ContentException([.. result.Errors.Where(e => e.IsError).Select(e => new ContentError($"site/theme/assets/{name}", $"ligne {e.StartLine}", e.Message))]);
        return Encoding.UTF8.GetBytes(result.Code);
    }
}
