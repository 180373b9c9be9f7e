using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Enrolment;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Enrolment;

/// <summary>The volunteer rate (150 € instead of 250 € a day) rests on a « déclaration sur l'honneur » per volunteer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VolunteerDeclarationTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_volunteer_without_a_declaration_is_refused_with_one_french_message_per_field_of_that_row()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue);
        var body = new EnrolmentBody(course.SessionId).Professionals(1).Volunteers(1).Volunteer(1, association: null, declared: null);

        foreach (var content in new HttpContent[] { body.ToJsonContent(), body.ToFormContent() })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrolments") { Content = content };
            request.Headers.Accept.ParseAdd("application/problem+json");
            var errors = await ProblemAssert.IsProblemAsync(await api.Client.SendAsync(request), HttpStatusCode.BadRequest);
            Assert.Equal(EnrolmentMessages.VolunteerDeclarationRequired, Assert.Single(errors["trainees[1].volunteerDeclared"]));
            Assert.Equal(EnrolmentMessages.VolunteerAssociationRequired, Assert.Single(errors["trainees[1].volunteerAssociation"]));
            Assert.False(errors.ContainsKey("trainees[0].volunteerDeclared"));
        }
    }

    [Fact]
    public async Task The_declaration_is_stored_with_its_time_and_shown_to_staff_in_the_csv_and_their_email()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.DrainQueuesAsync();

        var stored = await host.Api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None);
        var declaration = Assert.Single(stored!.Trainees, t => t.Category == Monalisa.Domain.Tariffs.TraineeCategory.Volunteer).VolunteerDeclaration;
        Assert.Equal("Les Petits Frères", declaration!.Association);
        Assert.Equal(stored.CreatedAt, declaration.DeclaredAt);
        Assert.False(declaration.AwaitsApproval);

        var csv = Encoding.UTF8.GetString((await (await host.StaffAsync()).GetByteArrayAsync($"/api/staff/sessions/{host.Course.SessionId}/enrolments.csv"))[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(';');
        var volunteer = csv.Single(l => l.Contains(";Bénévole;", StringComparison.Ordinal)).Split(';');
        Assert.Equal("Les Petits Frères", volunteer[Array.IndexOf(header, "Bénévole de (déclaration sur l'honneur)")]);
        Assert.NotEmpty(volunteer[Array.IndexOf(header, "Déclaration faite le")]);

        var staff = host.Stub!.Accepted.First(m => m.To.Contains(EmailTestHost.Staff));
        Assert.Contains("Déclarations sur l'honneur", staff.Text);
        Assert.Contains("bénévole de « Les Petits Frères »", staff.Text);
    }

    [Fact]
    public async Task With_the_approval_setting_a_volunteer_card_enrolment_is_marked_for_staff_approval()
    {
        var course = new TestCourse();
        await using var api = await TestApi.StartAsync(storage, course.Catalogue, new Dictionary<string, string?> { ["Enrolment:VolunteerCardNeedsApproval"] = "true" });
        var response = await api.Client.PostAsync("/api/enrolments", new EnrolmentBody(course.SessionId).Volunteers(1).Card().ToJsonContent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var stored = await api.Services.GetRequiredService<EnrolmentStore>().GetAsync(id, CancellationToken.None);
        Assert.True(Assert.Single(stored!.Trainees).VolunteerDeclaration!.AwaitsApproval);
    }
}
