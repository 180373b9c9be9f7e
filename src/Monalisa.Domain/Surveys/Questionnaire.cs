using Monalisa.Domain.Catalogue;

namespace Monalisa.Domain.Surveys;

/// <summary>The four questionnaires (Qualiopi indicators 11 and 30). The key is stored in row keys and links: it never changes.</summary>
public enum SurveyKind { Positioning, Hot, Cold, Employer }

/// <summary>How a question is answered: a 1–5 satisfaction scale, the 1–4 self-assessment scale, or free text.</summary>
public enum QuestionScale { Satisfaction, Mastery, Text }

public sealed record Question(string Id, string Label, QuestionScale Scale)
{
    public int Max => Scale switch { QuestionScale.Satisfaction => 5, QuestionScale.Mastery => 4, _ => 0 };
}

/// <summary>One choice of a scale: its value and its French label.</summary>
public sealed record ScaleChoice(int Value, string Label);

/// <summary>
/// A questionnaire as data: its questions for a course. The words of the scales are here, not in a template, because
/// the answers are stored as numbers that these words define: changing a label changes what past answers meant.
/// </summary>
public sealed record Questionnaire(SurveyKind Kind, string Title, IReadOnlyList<Question> Questions)
{
    public const int MaxCommentLength = 2000;

    /// <summary>The « overall » question of the à chaud questionnaire: the satisfaction rate counts its 4 and 5.</summary>
    public const string Overall = "global";
    public const string Comment = "commentaire";
    public const string ObjectivePrefix = "objectif-";

    public static string Key(SurveyKind kind) => kind switch
    {
        SurveyKind.Positioning => "positionnement",
        SurveyKind.Hot => "chaud",
        SurveyKind.Cold => "froid",
        _ => "employeur",
    };

    public static SurveyKind? Parse(string? key) => key switch
    {
        "positionnement" => SurveyKind.Positioning,
        "chaud" => SurveyKind.Hot,
        "froid" => SurveyKind.Cold,
        "employeur" => SurveyKind.Employer,
        _ => null,
    };

    /// <summary>1 « Pas du tout satisfait·e » … 5 « Très satisfait·e ».</summary>
    public static readonly IReadOnlyList<ScaleChoice> SatisfactionScale =
    [
        new(1, "Pas du tout satisfait·e"), new(2, "Peu satisfait·e"), new(3, "Moyennement satisfait·e"),
        new(4, "Satisfait·e"), new(5, "Très satisfait·e"),
    ];

    /// <summary>
    /// The self-assessment scale, before and after. Four steps (no middle to hide in), each a thing the person can say
    /// of themselves without jargon: not knowing, having heard of it, being able to do it, being at ease enough to
    /// adapt it or explain it to others. The same words before and after, so the two can be compared.
    /// </summary>
    public static readonly IReadOnlyList<ScaleChoice> MasteryScale =
    [
        new(1, "Je ne sais pas"), new(2, "J'ai des notions"), new(3, "Je sais faire"), new(4, "Je maîtrise"),
    ];

    /// <summary>The 1–5 scale of the à froid questionnaire (use in practice).</summary>
    public static readonly IReadOnlyList<ScaleChoice> UseScale =
    [
        new(1, "Pas du tout"), new(2, "Un peu"), new(3, "Moyennement"), new(4, "Souvent"), new(5, "Très régulièrement"),
    ];

    public static IReadOnlyList<ScaleChoice> ScaleOf(Question question, SurveyKind kind) => question.Scale switch
    {
        QuestionScale.Mastery => MasteryScale,
        QuestionScale.Satisfaction when kind == SurveyKind.Cold => UseScale,
        QuestionScale.Satisfaction => SatisfactionScale,
        _ => [],
    };

    public static string ObjectiveId(int index) => ObjectivePrefix + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<Question> Objectives(Course course) =>
        course.Objectives.Select((o, i) => new Question(ObjectiveId(i), o, QuestionScale.Mastery));

    /// <summary>The questionnaire of <paramref name="kind"/> for <paramref name="course"/> (the employer's is the same for every course).</summary>
    public static Questionnaire For(SurveyKind kind, Course? course) => kind switch
    {
        SurveyKind.Positioning => new(kind, "Positionnement avant la formation", [.. Objectives(course!), new(Comment, "Vos attentes pour cette formation (facultatif)", QuestionScale.Text)]),
        SurveyKind.Hot => new(kind, "Questionnaire de fin de formation",
        [
            new("objectifs", "Les objectifs de la formation ont-ils été atteints ?", QuestionScale.Satisfaction),
            new("contenu", "Le contenu de la formation", QuestionScale.Satisfaction),
            new("formateurs", "Les formateurs et formatrices", QuestionScale.Satisfaction),
            new("organisation", "L'organisation (accueil, lieu, horaires, documents)", QuestionScale.Satisfaction),
            new(Overall, "Dans l'ensemble, êtes-vous satisfait·e de cette formation ?", QuestionScale.Satisfaction),
            .. Objectives(course!),
            new(Comment, "Vos remarques et suggestions (facultatif)", QuestionScale.Text),
        ]),
        SurveyKind.Cold => new(kind, "Questionnaire trois mois après la formation",
        [
            new("pratique", "Depuis la formation, utilisez-vous ce que vous y avez appris dans votre pratique ?", QuestionScale.Satisfaction),
            new(Comment, "Un exemple, une difficulté, un besoin (facultatif)", QuestionScale.Text),
        ]),
        _ => new(kind, "Questionnaire annuel aux structures",
        [
            new("reponse-besoins", "Les formations ont-elles répondu aux besoins de votre structure ?", QuestionScale.Satisfaction),
            new("effets", "Avez-vous observé des effets dans la pratique de vos équipes ?", QuestionScale.Satisfaction),
            new("relation", "Les échanges avec l'équipe formation (information, inscription, facturation)", QuestionScale.Satisfaction),
            new(Comment, "Vos remarques et besoins pour l'année à venir (facultatif)", QuestionScale.Text),
        ]),
    };
}
