using Monalisa.Content;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Monalisa.Site.Views;

/// <summary>schema.org JSON-LD of a course page: a Course, one CourseInstance per session, offers priced by the engine.</summary>
internal static class StructuredData
{
    // Keeps French letters readable but still escapes <, > and &, so the JSON cannot close its script element.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string ForCourse(CourseView view, SiteSettings site)
    {
        var course = view.Course;
        var provider = new JsonObject
        {
            ["@type"] = "Organization",
            ["name"] = site.Legal.Name,
            ["url"] = site.BaseUrl + "/",
        };
        var instances = new JsonArray();
        foreach (var s in view.Sessions)
        {
            var instance = new JsonObject
            {
                ["@type"] = "CourseInstance",
                ["courseMode"] = "onsite",
                ["startDate"] = s.Session.Start.ToString("yyyy-MM-dd"),
                ["endDate"] = s.Session.End.ToString("yyyy-MM-dd"),
                ["courseWorkload"] = $"PT{course.Duration.Hours}H",
            };
            // An example session's venue and address are placeholders (« (exemple) »): the page shows them as such, but
            // search engines would take a location here as real. Its dates stay, as the page shows them too.
            if (!s.Session.IsExample)
            {
                instance["location"] = new JsonObject
                {
                    ["@type"] = "Place",
                    ["name"] = s.Session.Venue,
                    ["address"] = new JsonObject
                    {
                        ["@type"] = "PostalAddress",
                        ["streetAddress"] = s.Session.Address,
                        ["addressLocality"] = s.Session.City,
                        ["addressCountry"] = "FR",
                    },
                };
            }
            instances.Add(instance);
        }
        var offers = new JsonArray();
        foreach (var price in view.Prices)
        {
            offers.Add(new JsonObject
            {
                ["@type"] = "Offer",
                // Google's course info takes one of Free, Partially Free, Subscription or Paid here; the label goes in name.
                ["category"] = "Paid",
                ["name"] = price.Mode == "intra" ? "Intra (forfait)" : price.Label,
                ["description"] = $"{price.ModeLabel} : {price.Label}",
                ["price"] = price.Total,
                ["priceCurrency"] = "EUR",
                ["url"] = site.BaseUrl + view.Url,
            });
        }
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Course",
            ["name"] = course.Title,
            ["description"] = course.Description,
            ["url"] = site.BaseUrl + view.Url,
            ["inLanguage"] = "fr",
            ["provider"] = provider,
            ["timeRequired"] = $"PT{course.Duration.Hours}H",
            ["coursePrerequisites"] = new JsonArray([.. course.Prerequisites.Select(p => (JsonNode)p)]),
            ["teaches"] = new JsonArray([.. course.Objectives.Select(o => (JsonNode)o)]),
            ["dateModified"] = view.UpdatedIso,
            ["hasCourseInstance"] = instances,
            ["offers"] = offers,
        };
        return json.ToJsonString(Options);
    }
}
