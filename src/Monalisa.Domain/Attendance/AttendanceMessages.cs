namespace Monalisa.Domain.Attendance;

/// <summary>What the attendance pages say when something is refused, in French, one message per field.</summary>
public static class AttendanceMessages
{
    public const string TooEarlyToOpen = "Cette demi-journée ne peut pas encore être ouverte : l'émargement s'ouvre au plus tôt 30 minutes avant son début.";
    public const string TooLateToOpen = "Cette demi-journée est terminée : elle ne peut plus être ouverte. Contresignez-la, puis l'équipe corrigera les présences si besoin.";
    public const string NotOpen = "L'émargement de cette demi-journée n'est pas ouvert. Attendez que le formateur l'ouvre, puis signez avec le code affiché.";
    public const string OutsideWindow = "L'émargement de cette demi-journée est fermé : on signe de 30 minutes avant son début à 30 minutes après sa fin. Signalez-vous au formateur.";
    public const string Frozen = "Cette demi-journée est contresignée par le formateur : elle ne change plus, sauf correction de l'équipe (avec un motif).";
    public const string CodeWrong = "Ce code n'est pas le bon ou a expiré : saisissez les 6 chiffres affichés en ce moment par le formateur.";
    public const string StatementRequired = "Cochez la case « Je soussigné·e … certifie être présent·e » pour signer.";
    public const string TimeRequired = "Indiquez l'heure (par exemple 9:45), comprise dans la demi-journée.";
    public const string TimeOutside = "L'heure doit être comprise entre le début et la fin de la demi-journée.";
    public const string KindUnknown = "Choisissez : présent·e, en retard, parti·e en avance ou absent·e.";
    public const string TooEarlyToCountersign = "La demi-journée n'a pas commencé : elle ne peut pas encore être contresignée.";
    public const string TrainerNameRequired = "Indiquez le nom du formateur qui a signé la feuille papier.";
    public const string NotFrozenYet = "Une correction ne porte que sur une demi-journée contresignée : contresignez-la d'abord (depuis la feuille papier si besoin).";
    public const string ReasonRequired = "Indiquez le motif de la correction (par exemple « feuille papier »).";
    public const string ReasonTooLong = "Le motif ne doit pas dépasser 500 caractères.";
    public const string NotAllCountersigned = "Chaque demi-journée doit être contresignée avant de clore la session.";
    public const string TraineeUnknown = "Cette personne n'est pas inscrite à la session.";
    public const string AlreadyClosed = "La session est déjà close.";
}
