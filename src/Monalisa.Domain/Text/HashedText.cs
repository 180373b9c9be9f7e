using System.Security.Cryptography;
using System.Text;

namespace Monalisa.Domain.Text;

/// <summary>
/// A text someone accepts online (the self-funded contract, the convention de formation): its exact characters, the
/// UTF-8 bytes of the copy we send (no BOM), and their SHA-256 in lowercase hex. The hash is the version the person
/// accepts, so the server compares hashes, never texts; anyone can recompute it from the attached file.
/// </summary>
public sealed record HashedText(string Text)
{
    /// <summary><see cref="Text"/> in UTF-8 without BOM: the attached file whose SHA-256 is <see cref="Sha256"/>.</summary>
    public byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    /// <summary>SHA-256 of <see cref="Bytes"/>, lowercase hex.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    /// <summary>True when <paramref name="sha256"/> names this text (case-insensitive hex, surrounding spaces ignored).</summary>
    public bool IsVersion(string? sha256) =>
        sha256 is not null && string.Equals(sha256.Trim(), Sha256, StringComparison.OrdinalIgnoreCase);
}
