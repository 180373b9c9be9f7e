namespace Monalisa.Content;

/// <summary>One problem in a content file: which file, which front-matter field, what is wrong (in French, for staff).</summary>
public sealed record ContentError(string File, string Field, string Message)
{
    public override string ToString() => $"{File} — {Field} : {Message}";
}

/// <summary>Invalid content. It stops the site build and the functions' start-up, naming each file and field.</summary>
public sealed class ContentException(IReadOnlyList<ContentError> errors)
    : Exception("Contenu invalide :" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ContentError> Errors { get; } = errors;
}
