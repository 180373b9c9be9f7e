using Monalisa.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;
using Monalisa.Functions.Http;

namespace Monalisa.Functions.Tariffs;

/// <summary>
/// <c>GET /api/quote?course={slug}&amp;mode=inter&amp;professional={n}&amp;volunteer={m}</c> or <c>…&amp;mode=intra</c>:
/// the price the tariff engine computes from the course's front matter.
/// </summary>
internal sealed class QuoteFunction(CourseCatalogue catalogue)
{
    /// <summary>The most trainees one quote covers; larger groups are an intra session.</summary>
    public const int MaxTrainees = 30;

    [Function("Quote")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "quote")] HttpRequest request)
    {
        var parsed = QuoteQuery.Parse(request.Query, catalogue);
        return (parsed.Errors.Any ? ApiResults.Problem(Problems.Validation(parsed.Errors)) : Answer(TariffEngine.Price(parsed.Course!, parsed.Request!))).ToActionResult();
    }

    /// <summary>The quote, or why the course has none for this request.</summary>
    private static Results<Ok<QuoteView>, ProblemHttpResult> Answer(QuoteOutcome outcome) => outcome switch
    {
        QuoteOutcome.Priced priced => TypedResults.Ok(QuoteView.From(priced.Quote)),
        QuoteOutcome.ModeNotOffered m => ApiResults.Problem(Problems.Validation("mode", $"Cette formation n'est pas proposée en {QuoteView.ModeName(m.Mode)}.")),
        QuoteOutcome.CategoryNotOffered c => ApiResults.Problem(Problems.Validation(QuoteCategories.For(c.Category), "Cette formation n'a pas de tarif pour cette catégorie de stagiaire.")),
        _ => throw new InvalidOperationException("Unknown quote outcome."),
    };
}

internal sealed record QuoteQuery(Course? Course, QuoteRequest? Request, FieldErrors Errors)
{
    public static QuoteQuery Parse(IQueryCollection query, CourseCatalogue catalogue)
    {
        var reader = FieldSource.Of(query);
        var slug = reader.Required("course", "Indiquez la formation (paramètre course).");
        var course = slug is null ? null : catalogue.FindCourse(slug);
        if (slug is not null && course is null)
            reader.Errors.Add("course", $"Formation inconnue : « {FieldSource.Shorten(slug)} ».");

        var modeText = reader.Required("mode", "Indiquez le mode : « inter » ou « intra ».");
        TrainingMode? mode = modeText switch
        {
            "inter" => TrainingMode.Inter,
            "intra" => TrainingMode.Intra,
            null => null,
            _ => null,
        };
        if (modeText is not null && mode is null)
            reader.Errors.Add("mode", "Le mode doit être « inter » ou « intra ».");

        var professionals = reader.Count(QuoteCategories.Professional, "stagiaires professionnels", QuoteFunction.MaxTrainees);
        var volunteers = reader.Count(QuoteCategories.Volunteer, "stagiaires bénévoles", QuoteFunction.MaxTrainees);
        if (mode == TrainingMode.Inter && !reader.Errors.Any)
        {
            if (professionals + volunteers == 0)
                reader.Errors.Add(QuoteCategories.Professional, "Indiquez au moins un stagiaire.");
            else if (professionals + volunteers > QuoteFunction.MaxTrainees)
                reader.Errors.Add(QuoteCategories.Professional, $"Un devis inter couvre au plus {QuoteFunction.MaxTrainees} stagiaires ; au-delà, demandez une session intra.");
        }

        var request = mode switch
        {
            TrainingMode.Inter => QuoteRequest.Inter(professionals, volunteers),
            TrainingMode.Intra => QuoteRequest.Intra(),
            _ => null,
        };
        return new QuoteQuery(course, request, reader.Errors);
    }
}

/// <summary>The quote as the API publishes it (the site and later issues rely on these names).</summary>
internal sealed record QuoteView(string Course, string Mode, string Currency, int Days, IReadOnlyList<QuoteLineView> Lines, decimal Total)
{
    public static QuoteView From(Quote quote) => new(
        quote.Course, ModeName(quote.Mode), quote.Currency, quote.Days,
        [.. quote.Lines.Select(QuoteLineView.From)],
        quote.Total);

    public static string ModeName(TrainingMode mode) => mode == TrainingMode.Intra ? "intra" : "inter";
}

internal sealed record QuoteLineView(string Category, string Label, int Quantity, decimal UnitPricePerDay, decimal Amount, int Days)
{
    public static QuoteLineView From(QuoteLine line) => new(line.Category, line.Label, line.Quantity, line.UnitPricePerDay, line.Amount, line.Days);
}
