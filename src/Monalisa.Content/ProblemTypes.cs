namespace Monalisa.Content;

/// <summary>One kind of API problem: its type URI is part of the contract, and its title never varies (the variation goes in <c>detail</c>).</summary>
public sealed record ProblemType(string Slug, string Title)
{
    public const string BaseUri = "https://monalisa-asso.fr/problemes/";

    public string Uri => BaseUri + Slug;
}

/// <summary>Every problem type the API answers, listed once: the API builds its problems from it and the site's « problemes » page documents each one.</summary>
public static class ProblemTypes
{
    public static readonly ProblemType InvalidData = new("donnees-invalides", "Certaines informations sont invalides.");
    public static readonly ProblemType NotFound = new("introuvable", "Ressource introuvable.");
    public static readonly ProblemType MethodNotAllowed = new("methode-non-autorisee", "Méthode non autorisée.");
    public static readonly ProblemType AlreadyEnrolled = new("deja-inscrit", "Personne déjà inscrite.");
    public static readonly ProblemType NotEnoughSeats = new("places-insuffisantes", "Places insuffisantes.");
    public static readonly ProblemType TransitionRefused = new("transition-refusee", "Changement impossible.");
    public static readonly ProblemType WithdrawalTooLate = new("retractation-hors-delai", "Délai de rétractation dépassé.");
    public static readonly ProblemType KeyReused = new("cle-idempotence-reutilisee", "Demande déjà reçue avec d'autres données.");
    public static readonly ProblemType UnsupportedMediaType = new("format-non-pris-en-charge", "Format de requête non pris en charge.");
    public static readonly ProblemType TooLarge = new("requete-trop-volumineuse", "Requête trop volumineuse.");
    public static readonly ProblemType PaymentUnavailable = new("paiement-indisponible", "Le service de paiement ne répond pas.");
    public static readonly ProblemType Unavailable = new("service-indisponible", "Service momentanément indisponible.");
    public static readonly ProblemType FormToResend = new("formulaire-a-renvoyer", "Formulaire à renvoyer.");
    public static readonly ProblemType SentTooFast = new("envoi-trop-rapide", "Formulaire envoyé trop vite.");
    public static readonly ProblemType TooManyRequests = new("trop-de-demandes", "Trop de demandes.");
    /// <summary>Over the cap of places per payer email or per client address in a session: one title for both, the detail says which.</summary>
    public static readonly ProblemType PlacesCapReached = new("plafond-de-places", "Trop de places demandées par une même personne.");

    /// <summary>A staff route without a signed-in person (401), or with one who lacks the role (403).</summary>
    public static readonly ProblemType SignInRequired = new("connexion-requise", "Connexion requise.");
    public static readonly ProblemType RoleMissing = new("role-manquant", "Accès réservé.");
    /// <summary>A staff action (POST) sent from another site's page: refused before anything else (CSRF).</summary>
    public static readonly ProblemType CrossSite = new("autre-site", "Action venue d'un autre site.");

    public static IReadOnlyList<ProblemType> All { get; } =
    [
        InvalidData, NotFound, MethodNotAllowed, AlreadyEnrolled, NotEnoughSeats, TransitionRefused,
        WithdrawalTooLate, KeyReused, UnsupportedMediaType, TooLarge, PaymentUnavailable, Unavailable,
        FormToResend, SentTooFast, TooManyRequests, PlacesCapReached, SignInRequired, RoleMissing,
        CrossSite,
    ];
}
