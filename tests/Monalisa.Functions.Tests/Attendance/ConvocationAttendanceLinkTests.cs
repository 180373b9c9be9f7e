using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Functions.Attendance;
using Monalisa.Functions.Enrolment;
using Monalisa.Functions.Tests.Email;

namespace Monalisa.Functions.Tests.Attendance;

/// <summary>The convocation carries each trainee's own attendance link, which opens their signing page.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConvocationAttendanceLinkTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Each_convocation_carries_the_trainees_own_attendance_link_and_it_opens_their_page()
    {
        await using var host = await EmailTestHost.StartAsync(storage);
        var (id, _) = await host.EnrolByInvoiceAsync();
        await host.DrainQueuesAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.StaffPostAsync($"/api/staff/enrolments/{id}/confirm")).StatusCode);
        await host.DrainQueuesAsync();

        var sent = host.Stub!.For((await host.OutboxAsync()).Select(EmailTestHost.IdOf));
        var convocations = sent.Where(s => s.Subject.StartsWith("Convocation", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, convocations.Count);
        var locks = host.Api.Services.GetRequiredService<TraineeLocks>();
        var links = host.Api.Services.GetRequiredService<TraineeLinks>();
        foreach (var convocation in convocations)
        {
            var key = locks.TraineeKey(convocation.To.Single());
            var path = $"{AttendancePaths.Trainee(host.Course.SessionId, key)}?token={links.Token(AttendanceLinks.Purpose, host.Course.SessionId, key)}";
            Assert.Contains(path, convocation.Text);
            Assert.Contains("signez avec le code affiché par le formateur", convocation.Text);

            var page = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }
}
