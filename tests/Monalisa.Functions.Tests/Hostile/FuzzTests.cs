using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Monalisa.LocalHost;
using Xunit.Abstractions;

namespace Monalisa.Functions.Tests.Hostile;

/// <summary>
/// Seeded fuzzing of every public endpoint through the real local host on loopback: random and mutated bodies, wrong
/// types, huge strings, unicode edge cases, deep JSON, 10 000 trainees, OData-like strings, Table keys injected.
/// Never a 500; every rejection a problem+json; a rejected request stores nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Collection(Faults.FaultsCollection.Name)]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Cases = 5_200;
    private const int Seed = 20261126;

    [Fact]
    public async Task Hostile_input_on_every_public_endpoint_never_breaks_the_api_nor_stores_anything()
    {
        // Its own Azurite: the table snapshot taken between batches must see no other test's writes.
        await using var azurite = await AzuriteProcess.StartAsync(dataFolder: null);
        var course = new TestCourse(capacity: 12);
        await using var api = await TestApi.StartAsync(azurite.ConnectionString, course.Catalogue);
        var generator = new HostileRequests(new Random(Seed), course);
        var tables = new TableServiceClient(azurite.ConnectionString);

        var started = DateTime.UtcNow;
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var refusedByServer = 0;
        // The app creates its tables on first use: do that first, so the snapshot starts from them.
        (await api.Client.GetAsync($"/api/enrolments/{course.SessionId}_aaaaaaaaaaaaaaaa?token=x")).Dispose();
        var snapshot = await SnapshotAsync(tables);
        for (var batch = 0; batch < Cases / 8; batch++)
        {
            var requests = Enumerable.Range(0, 8).Select(_ => generator.Next()).ToList();
            var answers = await Task.WhenAll(requests.Select(async r =>
            {
                using var message = r.Build();
                using var response = await api.Client.SendAsync(message);
                return (Request: r, Status: (int)response.StatusCode, Media: response.Content.Headers.ContentType?.MediaType,
                    CacheControl: response.Headers.CacheControl?.ToString(), Body: await response.Content.ReadAsStringAsync());
            }));
            var allRejected = true;
            foreach (var a in answers)
            {
                statuses[a.Status] = statuses.GetValueOrDefault(a.Status) + 1;
                // Kestrel refuses some requests before any of our code runs (URL or headers too long, NUL in the path),
                // with an empty body: Azure's front end does the same with its own limits.
                if (a.Status is 400 or 414 or 431 && a.Media is null && a.Body.Length == 0)
                {
                    refusedByServer++;
                    continue;
                }
                if (a.Status >= 500) failures.Add($"{a.Status} on {a.Request}: {Shorten(a.Body)}");
                if (a.Status >= 400 && a.Media != "application/problem+json") failures.Add($"{a.Status} not problem+json ({a.Media}) on {a.Request}");
                // Only the live seats, the same for everyone, may be kept by browsers, who revalidate them (LiveSeats); any
                // other answer, and any refusal, may carry personal data or a one-time state: never stored.
                var publicData = a.Status is 200 or 304 && a.Request.Method == HttpMethod.Get && a.Request.Path.StartsWith("/api/sessions?", StringComparison.Ordinal);
                if (publicData ? a.CacheControl != "public, no-cache" : a.CacheControl != "no-store")
                    failures.Add($"{a.Status} with Cache-Control: {a.CacheControl} on {a.Request}");
                if (!IsRejection(a.Status)) allRejected = false;
            }
            var after = await SnapshotAsync(tables);
            if (allRejected && after != snapshot)
                failures.Add($"storage changed after rejected requests ({snapshot} → {after}): {string.Join(" | ", answers.Select(a => $"{a.Status} {a.Request} → {Shorten(a.Body)}"))}");
            snapshot = after;
            if (failures.Count > 20) break;
        }
        var elapsed = DateTime.UtcNow - started;
        output.WriteLine($"{Cases} cas en {elapsed.TotalSeconds:F1} s, {statuses.Where(s => s.Key >= 500).Sum(s => s.Value)} réponse 5xx, {failures.Count} écart " +
            $"(refus sans problem+json ou sans no-store, stockage changé par un refus) ; {refusedByServer} refusés par Kestrel avant l'application ; " +
            $"statuts : {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(Cases, statuses.Values.Sum());
    }

    /// <summary>An input refused as such (409 is a business answer to valid input and may keep an Idempotency-Key record).</summary>
    private static bool IsRejection(int status) => status is 400 or 404 or 405 or 413 or 415 or 422;

    private static async Task<string> SnapshotAsync(TableServiceClient tables)
    {
        var parts = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            var count = 0;
            var latest = DateTimeOffset.MinValue;
            await foreach (var e in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["Timestamp"]))
            {
                count++;
                if (e.Timestamp > latest) latest = e.Timestamp.Value;
            }
            parts.Add($"{table.Name}:{count}:{latest:O}");
        }
        return string.Join(";", parts.Order());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>One request to send; <see cref="ToString"/> says what it was, shortened, for failure messages.</summary>
internal sealed record HostileRequest(HttpMethod Method, string Path, string? ContentType, byte[]? Body, IReadOnlyDictionary<string, string> Headers)
{
    public HttpRequestMessage Build()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        // HttpClient sends printable ASCII headers only; the rest of the value is what the server sees.
        foreach (var (name, value) in Headers)
            message.Headers.TryAddWithoutValidation(name, new string(value.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray()));
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        return $"{Method} {(Path.Length > 200 ? Path[..200] + "…" : Path)} [{ContentType}] {(body.Length > 300 ? body[..300] + "…" : body)}";
    }
}

/// <summary>Seeded generator of hostile requests, from valid ones mutated and from noise.</summary>
internal sealed class HostileRequests(Random random, TestCourse course)
{
    private static readonly string[] Nasty =
    [
        "", " ", "\0", "a\0b", "\u202Eevil\u202C", "\u200B\u200C\u200D\uFEFF", "👩‍👩‍👧‍👦🇫🇷", "\uD800", "\uDFFF", "Ω≈ç√∫˜µ≤≥÷",
        "' or '1'='1", "'; DROP TABLE Enrolments; --", "PartitionKey eq 'x' or RowKey ne ''", "') or (PartitionKey ne '",
        "$filter=PartitionKey ne ''", "RowKey ge 'enrolment|' and RowKey lt 'enrolment}'", "enrolment|x", "seat|01", "trainee|",
        "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}", "../../etc/passwd", "%00", "%2e%2e%2f", "\r\nSet-Cookie: a=b",
        "-1", "0", "2147483648", "1e308", "NaN", "true", "null", "[]", "{}", new string('é', 40_000), new string('x', 70_000),
        "ﷺ", "\u0301\u0301\u0301", "İ", "ß", "a@b", "@", "x@example.org", "monalisa@example.org ",
    ];

    private static readonly string[] TableKeys = ["PartitionKey", "RowKey", "ETag", "Timestamp", "odata.etag", "odata.type", "odata.metadata", "State", "TotalCents", "Seats", "TokenHash"];

    public HostileRequest Next() => random.Next(10) switch
    {
        0 or 1 or 2 => Enrolment(),
        3 => EnrolmentForm(),
        4 => IntraRequest(),
        5 => Get("/api/quote", ["course", "mode", "professional", "volunteer", "participants", "days"]),
        6 => Get("/api/sessions", ["course", "from", "$filter"]),
        7 => Lookup("/api/enrolments/", course.SessionId),
        8 => Lookup("/api/intra-requests/", "2026-12"),
        _ => Webhook(),
    };

    private HostileRequest Enrolment()
    {
        var body = new EnrolmentBody(course.SessionId).Professionals(random.Next(0, 3)).Volunteers(random.Next(0, 2));
        if (random.Next(2) == 0) body.Card();
        var json = body.Json;
        return random.Next(12) switch
        {
            0 => Json("/api/enrolments", ManyTrainees()),
            1 => Raw("/api/enrolments", "application/json", Deep(random.Next(10, 3000))),
            2 => Raw("/api/enrolments", "application/json", RandomBytes()),
            3 => Raw("/api/enrolments", RandomContentType(), Encoding.UTF8.GetBytes(Mutate(json).ToJsonString())),
            4 => Raw("/api/enrolments", "application/json", Truncate(Encoding.UTF8.GetBytes(json.ToJsonString()))),
            _ => Json("/api/enrolments", Mutate(json), random.Next(4) == 0 ? Pick(Nasty) : null),
        };
    }

    private HostileRequest EnrolmentForm()
    {
        var fields = new List<KeyValuePair<string, string>>();
        var json = Mutate(new EnrolmentBody(course.SessionId).Professionals(random.Next(1, 3)).Json);
        foreach (var (key, value) in json)
        {
            switch (value)
            {
                case JsonArray trainees:
                    for (var i = 0; i < trainees.Count; i++)
                        if (trainees[i] is JsonObject t)
                            foreach (var (f, v) in t) fields.Add(new($"trainees[{Index(i)}].{f}", v?.ToString() ?? ""));
                    break;
                case JsonObject payer:
                    foreach (var (f, v) in payer) fields.Add(new($"payer.{f}", v?.ToString() ?? ""));
                    break;
                default:
                    fields.Add(new(key, value?.ToString() ?? ""));
                    break;
            }
        }
        if (random.Next(4) == 0) fields.Add(new(Pick(TableKeys), Pick(Nasty)));
        if (random.Next(6) == 0 && fields.Count > 0) fields.Add(fields[random.Next(fields.Count)]);
        var text = string.Join("&", fields.Select(f => $"{Escape(f.Key)}={Escape(f.Value)}"));
        if (random.Next(8) == 0) text += "&%zz=%%&=&&&" + Pick(Nasty);
        return Raw("/api/enrolments", "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(text));
    }

    private string Index(int i) => random.Next(10) switch
    {
        0 => "-1",
        1 => "2147483648",
        2 => "99999999",
        3 => "x",
        _ => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private HostileRequest IntraRequest()
    {
        var json = new JsonObject
        {
            ["courseSlug"] = course.Slug, ["organisation"] = "Mairie de Lyon", ["contactName"] = "Sacha Bernard",
            ["email"] = "sacha.bernard@example.org", ["phone"] = "0472000000", ["participants"] = 8,
            ["periods"] = "Printemps 2027", ["message"] = "Merci.", ["consent"] = true, ["formToken"] = FormTokens.Valid,
        };
        var mutated = Mutate(json);
        if (random.Next(4) == 0)
        {
            var text = string.Join("&", mutated.Select(p => $"{Escape(p.Key)}={Escape(p.Value?.ToString() ?? "")}"));
            return Raw("/api/intra-requests", "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(text));
        }
        return random.Next(10) == 0 ? Raw("/api/intra-requests", "application/json", Deep(random.Next(10, 500))) : Json("/api/intra-requests", mutated);
    }

    private HostileRequest Get(string path, string[] names)
    {
        var valid = new Dictionary<string, string> { ["course"] = course.Slug, ["mode"] = Pick(["inter", "intra"]), ["professional"] = "2", ["volunteer"] = "1" };
        var query = new List<string>();
        foreach (var name in names)
        {
            if (random.Next(3) == 0) continue;
            var value = random.Next(3) == 0 && valid.TryGetValue(name, out var v) ? v : Pick(Nasty);
            if (value.Length > 4000) value = value[..4000];
            query.Add($"{Escape(name)}={Escape(value)}");
            var twice = Pick(Nasty);
            if (random.Next(10) == 0) query.Add($"{Escape(name)}={Escape(twice[..Math.Min(10, twice.Length)])}");
        }
        return new HostileRequest(HttpMethod.Get, path + "?" + string.Join("&", query), null, null, new Dictionary<string, string>());
    }

    private HostileRequest Lookup(string prefix, string partition)
    {
        var id = random.Next(4) switch
        {
            0 => $"{partition}_{new string('a', 16)}",
            1 => $"{Pick(Nasty)}_{new string('b', 16)}",
            2 => Pick(Nasty),
            _ => partition + "_" + Pick(Nasty),
        };
        if (id.Length is 0 or > 2000) id = "x" + id[..Math.Min(id.Length, 2000)];
        var token = Pick(Nasty);
        return new HostileRequest(HttpMethod.Get, prefix + Escape(id) + "?token=" + Escape(token[..Math.Min(token.Length, 2000)]), null, null, new Dictionary<string, string>());
    }

    private HostileRequest Webhook()
    {
        var json = new JsonObject
        {
            ["id"] = "evt_" + Pick(Nasty), ["type"] = Pick(["checkout.session.completed", "checkout.session.expired", "charge.refunded", Pick(Nasty)]),
            ["data"] = new JsonObject { ["object"] = new JsonObject { ["id"] = "cs_" + Pick(Nasty), ["metadata"] = new JsonObject { ["enrolmentId"] = Pick(Nasty) } } },
        };
        var body = random.Next(5) == 0 ? RandomBytes() : Encoding.UTF8.GetBytes(Mutate(json).ToJsonString());
        var headers = new Dictionary<string, string>();
        if (random.Next(4) != 0) headers["Stripe-Signature"] = random.Next(2) == 0 ? $"t={random.Next()},v1={Convert.ToHexStringLower(RandomBytes())}" : Pick(Nasty).Replace("\r", "").Replace("\n", "").Replace("\0", "");
        return new HostileRequest(HttpMethod.Post, "/api/stripe/webhook", "application/json", body, headers);
    }

    /// <summary>Changes one to four things: a value's type or content, a field removed, a Table key injected.</summary>
    private JsonObject Mutate(JsonObject json)
    {
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var target = PickObject(json);
            switch (random.Next(5))
            {
                case 0 when target.Count > 0:
                    target.Remove(target.ElementAt(random.Next(target.Count)).Key);
                    break;
                case 1:
                    target[Pick(TableKeys)] = RandomValue();
                    break;
                default:
                    if (target.Count > 0) target[target.ElementAt(random.Next(target.Count)).Key] = RandomValue();
                    break;
            }
        }
        return json;
    }

    private JsonObject PickObject(JsonObject root)
    {
        var objects = new List<JsonObject> { root };
        foreach (var (_, value) in root)
        {
            if (value is JsonObject o) objects.Add(o);
            if (value is JsonArray a) objects.AddRange(a.OfType<JsonObject>());
        }
        return objects[random.Next(objects.Count)];
    }

    private JsonNode? RandomValue() => random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(4) switch { 0 => -1, 1 => int.MaxValue, 2 => 0, _ => random.Next() }),
        3 => JsonValue.Create(random.NextDouble() * 1e300),
        4 => new JsonArray(JsonValue.Create(Pick(Nasty)), JsonValue.Create(1)),
        5 => new JsonObject { [Pick(TableKeys)] = Pick(Nasty) },
        _ => JsonValue.Create(Pick(Nasty)),
    };

    private JsonObject ManyTrainees()
    {
        var trainees = new JsonArray();
        var rich = random.Next(2) == 0;
        for (var i = 0; i < 10_000; i++)
            trainees.Add(rich ? new JsonObject { ["firstName"] = "A", ["lastName"] = "B", ["email"] = $"{i}@x.fr", ["category"] = "professional" } : new JsonObject());
        return new EnrolmentBody(course.SessionId).Set("trainees", trainees).Json;
    }

    /// <summary>Written by hand: System.Text.Json itself refuses to write past depth 1000.</summary>
    private static byte[] Deep(int depth) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"payer\":", depth)) + "\"fond\"" + new string('}', depth));

    private byte[] RandomBytes()
    {
        var bytes = new byte[random.Next(0, 2000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Truncate(byte[] bytes) => bytes[..random.Next(0, bytes.Length)];

    private string RandomContentType() => Pick(["application/json", "text/plain", "application/xml", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/merge-patch+json", ""]);

    private HostileRequest Json(string path, JsonObject json, string? idempotencyKey = null)
    {
        var headers = new Dictionary<string, string>();
        if (idempotencyKey is not null) headers["Idempotency-Key"] = idempotencyKey.Replace("\r", "").Replace("\n", "").Replace("\0", "");
        return new HostileRequest(HttpMethod.Post, path, "application/json", Encoding.UTF8.GetBytes(json.ToJsonString()), headers);
    }

    private static HostileRequest Raw(string path, string contentType, byte[] body) =>
        new(HttpMethod.Post, path, contentType, body, new Dictionary<string, string>());

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Escape(string text)
    {
        // Lone surrogates cannot be percent-encoded as UTF-8; send them as the replacement character.
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { safe.Append(c).Append(text[++i]); continue; }
            safe.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return Uri.EscapeDataString(safe.ToString());
    }
}
