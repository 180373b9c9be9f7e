using System.Net;
using System.Security.Cryptography;
using Monalisa.Domain.SelfFunded;

namespace Monalisa.Functions.Tests.Email;

/// <summary>The fingerprint the contract email prints is one the trainee can recompute from an attached file.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContractFingerprintTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_contract_email_prints_the_sha256_of_an_attached_file_and_explains_how_to_check_it()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var response = await host.Client.PostAsync("/api/enrolments",
            new EnrolmentBody(host.Course.SessionId).Volunteers(1).SelfFunded(host.Course.ContractSha256).ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await host.DrainQueuesAsync();

        var mail = host.Stub!.Accepted.Single(m => m.Subject.StartsWith("Contrat de formation", StringComparison.Ordinal));
        var hashes = mail.Attachments.ToDictionary(
            a => a.GetProperty("filename").GetString()!,
            a => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(a.GetProperty("content").GetString()!))));

        // The accepted text's SHA-256 is the attached text file's, so `sha256sum contrat-de-formation.txt` checks it.
        Assert.Equal(host.Course.ContractSha256, hashes[TrainingContract.TextFileName]);
        Assert.Contains(host.Course.ContractSha256, mail.Text);
        Assert.Contains("sha256sum contrat-de-formation.txt", mail.Text);
    }
}
