using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Hosting;
using Monalisa.Functions.Identity;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Identity;

/// <summary>Staff emails lead to the enrolment's page in the console, on the API's origin; nobody else's email does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StaffEmailConsoleLinkTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_staff_email_about_an_enrolment_links_to_that_enrolments_console_page_and_the_payers_does_not()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.DrainQueuesAsync();
        var expected = host.Api.Services.GetRequiredService<ConsoleLinks>().Enrolment(id);

        var sent = host.Stub!.Requests;
        var toStaff = Assert.Single(sent, s => s.To.SequenceEqual([EmailTestHost.Staff]));
        Assert.EndsWith($"/api/equipe/inscriptions/{id}", expected);
        Assert.Contains($"href=\"{expected}\"", toStaff.Html);
        Assert.Contains(expected, toStaff.Text);
        Assert.Contains("Ouvrir l'inscription dans la console", toStaff.Text);
        Assert.All(sent.Where(s => !s.To.Contains(EmailTestHost.Staff)), s => Assert.DoesNotContain("/api/equipe", s.Html + s.Text));
    }

    [Theory]
    [InlineData("https://func-monalisa.azurewebsites.net", "https://formations.example", "https://func-monalisa.azurewebsites.net/api/equipe/inscriptions/s1-abc")]
    [InlineData("https://func-monalisa.azurewebsites.net/", "https://formations.example", "https://func-monalisa.azurewebsites.net/api/equipe/inscriptions/s1-abc")]
    [InlineData(null, "http://localhost:7071/", "http://localhost:7071/api/equipe/inscriptions/s1-abc")]
    public void The_console_link_is_on_the_apis_origin_else_the_sites(string? api, string site, string expected)
    {
        var links = new ConsoleLinks(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.ApiBaseUrl] = api,
            [SettingNames.SiteBaseUrl] = site,
        }).Build());

        Assert.Equal(expected, links.Enrolment("s1-abc"));
    }
}
