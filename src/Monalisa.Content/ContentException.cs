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

/// <summary>Independent content work (one course file, one course's pages) run in parallel, with every error kept.</summary>
public static class ContentBatch
{
    /// <summary>
    /// Runs <paramref name="step"/> on every item in parallel. Results come back in the items' order; the errors of every
    /// item that failed with a <see cref="ContentException"/> are kept, in that order too, so that one build names them all.
    /// </summary>
    public static (List<TOut> Results, List<ContentError> Errors) Run<TIn, TOut>(IEnumerable<TIn> items, Func<TIn, TOut> step)
    {
        var done = items.AsParallel().AsOrdered().Select(item =>
        {
            try
            {
                return (Ok: true, Result: step(item), Errors: (IReadOnlyList<ContentError>)[]);
            }
            catch (ContentException e)
            {
                return (Ok: false, Result: default(TOut)!, e.Errors);
            }
        }).ToList();
        return ([.. done.Where(d => d.Ok).Select(d => d.Result)], [.. done.SelectMany(d => d.Errors)]);
    }
}
