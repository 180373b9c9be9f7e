namespace Monalisa.Functions.Bpf;

/// <summary>The staff console's BPF routes (one calendar year each): the page, its CSV, the class correction.</summary>
internal static class BpfRoutes
{
    // {year} is read as text, so that « abc » gets the console's French page rather than the host's bare 404.
    public const string Page = "equipe/bpf/{year}";
    public const string Csv = "equipe/bpf/{year}/csv";
    /// <summary>The console's entry: the previous year's BPF, the one due before 30 April.</summary>
    public const string Latest = "equipe/bpf";
    public const string Correction = "staff/enrolments/{id}/bpf-class";

    public static string PagePath(int year) => $"/api/equipe/bpf/{year}";
    public static string CsvPath(int year) => $"/api/equipe/bpf/{year}/csv";
    public static string CorrectionPath(string enrolmentId) => $"/api/staff/enrolments/{Uri.EscapeDataString(enrolmentId)}/bpf-class";
}
