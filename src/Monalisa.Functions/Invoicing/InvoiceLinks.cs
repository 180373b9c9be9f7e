using System.Security.Cryptography;
using System.Text;
using Monalisa.Content;
using Monalisa.Functions.Enrolment;

namespace Monalisa.Functions.Invoicing;

/// <summary>
/// The token of a document's download link (<c>api/factures/{number}?token=…</c>), sent with its email: an HMAC of the
/// number under a key derived from the lock key, like <see cref="ActionTokens"/>. Nothing is stored: the ledger alone
/// opens no link, and the same number always gets the same token.
/// </summary>
internal sealed class InvoiceLinks(TraineeLockOptions options, EnrolmentOptions site)
{
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.LockKey), "invoice-link"u8);

    public string TokenFor(string number) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(number)));

    public bool Matches(string number, string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 100
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(TokenFor(number)));

    /// <summary>The payer's download link, absolute (it goes in an email).</summary>
    public string DownloadUrl(string number) => site.SitePage(InvoicePaths.Public(number).TrimStart('/'), SitePages.TokenOnly(TokenFor(number)));
}

internal static class InvoicePaths
{
    public const string StaffList = "/api/equipe/factures";
    public static string Public(string number) => $"/api/factures/{Uri.EscapeDataString(number)}";
    public static string Staff(string number) => $"{StaffList}/{Uri.EscapeDataString(number)}";

    /// <summary>The PDF's file name: the number says what it is.</summary>
    public static string FileName(string number) => $"{number}.pdf";
}
