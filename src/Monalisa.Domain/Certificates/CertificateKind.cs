namespace Monalisa.Domain.Certificates;

/// <summary>The two documents a trainee receives once the attendance of the session is closed.</summary>
public enum CertificateKind
{
    /// <summary>Certificat de réalisation (ministry's model, arrêté du 21 décembre 2018): what a funder pays on.</summary>
    Realisation,
    /// <summary>Attestation de fin de formation (L6353-1): objectives, nature, duration, hours and assessment result.</summary>
    Attestation,
}

public static class CertificateKinds
{
    /// <summary>The stable word in row keys, routes and file names.</summary>
    public static string Code(CertificateKind kind) => kind == CertificateKind.Realisation ? "realisation" : "attestation";

    public static CertificateKind? Parse(string? code) => code switch
    {
        "realisation" => CertificateKind.Realisation,
        "attestation" => CertificateKind.Attestation,
        _ => null,
    };

    /// <summary>The PDF's file name as attached and downloaded.</summary>
    public static string FileName(CertificateKind kind, int version) =>
        (kind == CertificateKind.Realisation ? "certificat-realisation" : "attestation-fin-formation") + (version > 1 ? $"-v{version}" : "") + ".pdf";
}

/// <summary>A document already issued: for which trainee, from which version of the attendance, with how many minutes.</summary>
public sealed record IssuedCertificate(string EnrolmentId, string TraineeKey, CertificateKind Kind, int Version, int Minutes, DateTimeOffset IssuedAt);
