namespace Monalisa.Functions.Bpf;

/// <summary>The staff console's BPF routes (one calendar year each): the page, its CSV, the anomalies.</summary>
internal static class BpfRoutes
{
    public const string Page = "equipe/bpf/{year:int}";
    public const string Csv = "equipe/bpf/{year:int}/csv";
}
