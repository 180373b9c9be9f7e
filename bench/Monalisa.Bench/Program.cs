using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Content;
using Monalisa.Domain.Catalogue;
using Monalisa.LocalHost;
using Monalisa.Testing;

// Usage: Monalisa.Bench <markdown output file> [requests per level]
//        Monalisa.Bench tests <markdown output file> <trx file>...   (the test tables of docs/quality.md)
//        Monalisa.Bench coldstart <markdown output file> (<label> <dll>)...   (floor first, then its host; pairs)
if (args is ["tests", var testsOutput, .. var trxFiles])
    return TestReport.Write(testsOutput, trxFiles);
if (args is ["coldstart", var coldOutput, .. var apps])
    return await ColdStart.WriteAsync(coldOutput, [.. apps.Chunk(2).Select(a => (a[0], a[1]))]);
var outputFile = args.Length > 0 ? args[0] : "bench-load.md";
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 640;
int[] levels = [1, 8, 32, 64];
const string Slug = "animer-une-strategie-de-cooperation-monalisa";

await using var azurite = await AzuriteProcess.StartAsync(dataFolder: null);

// The real course, with one session per POST level, each with room for every request (places are not what is measured),
// plus one 12-place session for the contention run.
var embedded = CourseContent.LoadEmbeddedCatalogue();
var real = embedded.FindCourse(Slug)!;
var template = real.Sessions[0];
var sessions = levels.Select(l => template with { Id = $"{template.Id}-bench-{l}", Capacity = requests + 10 }).ToList();
var contended = template with { Id = $"{template.Id}-bench-contention", Capacity = 12 };
// In a course of their own, so that GET /api/sessions reads the real course's sessions, as a visitor would.
var benchCourse = real with { Slug = "banc-inscriptions", Sessions = [.. sessions, contended] };

// The local host as the tests start it (LocalHostFactory), over the bench's own Azurite.
var settings = LocalHostFactory.TestSettings(azurite.ConnectionString);
settings["LocalHost:DataFolder"] = Path.Combine(Path.GetTempPath(), "monalisa-bench-" + Guid.NewGuid().ToString("N"));
settings["Logging:LogLevel:Default"] = "Error";
var roundTrips = new StorageRoundTrips();
var app = new LocalHostFactory(settings, services =>
{
    services.AddSingleton(new CourseCatalogue([real, benchCourse], embedded.Deadline));
    roundTrips.Install(services);
}).Start();
var baseAddress = app.BaseAddress;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
var table = new TableClient(azurite.ConnectionString, "BenchFloor");
await table.CreateIfNotExistsAsync();

// Warm up every path once (JIT, table creation, connections).
for (var i = 0; i < 20; i++)
{
    (await http.GetAsync("/index.html")).Dispose();
    (await http.GetAsync($"/api/quote?course={Slug}&mode=inter&professional=2&volunteer=1")).Dispose();
    (await http.GetAsync($"/api/sessions?course={Slug}")).Dispose();
    await table.AddEntityAsync(new TableEntity("warm", Guid.NewGuid().ToString("N")));
}
(await http.PostAsJsonAsync("/api/enrolments", Enrolment(real.Sessions[^1].Id))).Dispose();

// Storage round trips per request, counted by an SDK pipeline policy, one request at a time (nothing else running).
var trips = new List<(string Name, long Count, string Kinds, double TotalMs, double StorageMs)>();
async Task CountAsync(string name, Func<Task> request)
{
    var before = new Dictionary<string, long>(roundTrips.ByKind);
    var waited = roundTrips.Elapsed;
    var clock = Stopwatch.StartNew();
    var count = await roundTrips.OfAsync(request);
    var total = clock.Elapsed.TotalMilliseconds;
    var kinds = roundTrips.ByKind.Select(k => (k.Key, N: k.Value - before.GetValueOrDefault(k.Key))).Where(k => k.N > 0).OrderBy(k => k.Key, StringComparer.Ordinal);
    trips.Add((name, count, string.Join(", ", kinds.Select(k => $"{k.Key} × {k.N}")), total, (roundTrips.Elapsed - waited).TotalMilliseconds));
}
// The warm-up's answer is kept in the host's memory for LiveSeats.Lifetime (5 s): wait that out, so that the first
// GET below reads storage.
await Task.Delay(TimeSpan.FromSeconds(6));
await CountAsync("GET /api/sessions (premier visiteur)", async () => (await http.GetAsync($"/api/sessions?course={Slug}")).Dispose());
await CountAsync("GET /api/sessions (visiteur suivant)", async () => (await http.GetAsync($"/api/sessions?course={Slug}")).Dispose());
await CountAsync("POST /api/enrolments (facture, 1 stagiaire)", async () => (await PostEnrolmentAsync(sessions[0].Id)).Dispose());
for (var i = 0; i < 5; i++)
    await CountAsync("POST /api/enrolments (la suivante)", async () => (await PostEnrolmentAsync(sessions[0].Id)).Dispose());
if (Environment.GetEnvironmentVariable("MONALISA_BENCH_TRIPS_ONLY") == "1")
{
    foreach (var t in trips) Console.WriteLine($"{t.Name}: {t.Count} ({t.Kinds}) {t.TotalMs:0.0} ms, storage {t.StorageMs:0.0} ms");
    return 0;
}

// The floor of an enrolment: the same storage work done bare, with the SDK, by copying what one enrolment wrote (same
// entities, same sizes): its idempotency row, one entity-group transaction of all the rows it wrote in its session's
// partition, and one queue message the size of its outbox message.
var sample = sessions[^1].Id;
(await PostEnrolmentAsync(sample)).Dispose();
var enrolmentTable = new TableClient(azurite.ConnectionString, "Enrolments");
var written = await enrolmentTable.QueryAsync<TableEntity>(e => e.PartitionKey == sample).ToListAsync();
var idempotencyRow = await new TableClient(azurite.ConnectionString, "Idempotency").QueryAsync<TableEntity>(maxPerPage: 1).FirstAsync();
var outboxQueue = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "email-outbox");
var outboxMessage = (await outboxQueue.PeekMessageAsync()).Value?.Body.ToString() ?? new string('x', 200);
var floorQueue = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "bench-floor");
await floorQueue.CreateIfNotExistsAsync();
var floorIdempotency = new TableClient(azurite.ConnectionString, "BenchFloorIdempotency");
await floorIdempotency.CreateIfNotExistsAsync();
async Task EnrolmentFloorAsync(string partition)
{
    var idempotency = new TableEntity(idempotencyRow) { PartitionKey = idempotencyRow.PartitionKey, RowKey = Guid.NewGuid().ToString("N") };
    await floorIdempotency.AddEntityAsync(idempotency);
    var unique = Guid.NewGuid().ToString("N");
    await table.SubmitTransactionAsync(written.Select(e => new TableTransactionAction(TableTransactionActionType.Add,
        new TableEntity(e) { PartitionKey = partition, RowKey = $"{e.RowKey}|{unique}" })));
    await floorQueue.SendMessageAsync(outboxMessage);
}

var results = new List<Result>();
foreach (var clients in levels)
{
    results.Add(await RunAsync("Insertion Azurite seule (plancher)", clients, async _ => { await table.AddEntityAsync(new TableEntity($"p{clients}", Guid.NewGuid().ToString("N")) { ["Name"] = "Anne Martin", ["Email"] = "anne@example.org" }); return true; }));
    results.Add(await RunAsync("GET fichier statique (plancher)", clients, async _ => Ok(await http.GetAsync("/index.html"))));
    results.Add(await RunAsync("GET /api/sessions", clients, async _ => Ok(await http.GetAsync($"/api/sessions?course={Slug}"))));
    results.Add(await RunAsync("GET /api/quote", clients, async _ => Ok(await http.GetAsync($"/api/quote?course={Slug}&mode=inter&professional=2&volunteer=1"))));
    var session = sessions[Array.IndexOf(levels, clients)].Id;
    // In one partition per level, as the enrolments of one session share theirs.
    results.Add(await RunAsync("Travail d'une inscription fait nu (plancher)", clients, async _ => { await EnrolmentFloorAsync($"floor-{clients}"); return true; }));
    results.Add(await RunAsync("POST /api/enrolments", clients, async _ => Ok(await PostEnrolmentAsync(session))));
}

// Contention: 200 enrolments at once (64 clients) on 12 places.
var contention = Stopwatch.StartNew();
var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => { using var r = await PostEnrolmentAsync(contended.Id); return (int)r.StatusCode; }));
contention.Stop();

var peakRss = PeakRssMegabytes();
await app.DisposeAsync();

string P(Result r, Func<Result, double> f) => f(r).ToString("0.0", CultureInfo.InvariantCulture);
var md = new StringBuilder();
md.AppendLine($"Requêtes par palier : {requests} ; hôte local et Azurite sur la boucle locale, machine à {Environment.ProcessorCount} cœurs.");
md.AppendLine();
md.AppendLine("| scénario | clients | req/s | p50 (ms) | p95 (ms) | p99 (ms) | erreurs |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var r in results.OrderBy(r => r.Name).ThenBy(r => r.Clients))
    md.AppendLine($"| {r.Name} | {r.Clients} | {r.Throughput:0} | {P(r, x => x.P50)} | {P(r, x => x.P95)} | {P(r, x => x.P99)} | {r.Errors} |");
md.AppendLine();
Result Get(string name, int clients) => results.Single(r => r.Name == name && r.Clients == clients);
var post32 = Get("POST /api/enrolments", 32).P95;
var insert32 = Get("Insertion Azurite seule (plancher)", 32).P95;
var errors = results.Sum(r => r.Errors);
md.AppendLine("| objectif | mesure | atteint |");
md.AppendLine("|---|---|:---:|");
foreach (var clients in new[] { 32, 64 })
{
    var live = Get("GET /api/sessions", clients).P95;
    var file = Get("GET fichier statique (plancher)", clients).P95;
    md.AppendLine($"| sessions p95 ≤ 2 × fichier statique p95 ({clients} clients) | {live:0.0} ms ≤ 2 × {file:0.0} = {2 * file:0.0} ms (ratio {live / file:0.00}) | {(live <= 2 * file ? "oui" : "non")} |");
}
var floor32 = Get("Travail d'une inscription fait nu (plancher)", 32).P95;
md.AppendLine($"| POST p95 ≤ 1,5 × le même travail de stockage fait nu, p95 à 32 clients | {post32:0.0} ms ≤ 1,5 × {floor32:0.0} = {1.5 * floor32:0.0} ms (ratio {post32 / floor32:0.00}) | {(post32 <= 1.5 * floor32 ? "oui" : "non")} |");
md.AppendLine($"| (repère, objectif précédent) POST p95 ≤ 3 × insertion seule p95 à 32 clients | {post32:0.0} ms ≤ 3 × {insert32:0.0} = {3 * insert32:0.0} ms (ratio {post32 / insert32:0.00}) | {(post32 <= 3 * insert32 ? "oui" : "non")} |");
// What bounds that ratio: at a fixed number of clients, latency ≈ clients ÷ throughput (Little's law), so under load the
// ratio tends to the ratio of the work per request, which the 1-client figures show without any waiting.
var post1 = Get("POST /api/enrolments", 1).P50;
var insert1 = Get("Insertion Azurite seule (plancher)", 1).P50;
md.AppendLine($"| (repère) travail par requête, sans attente : POST p50 ÷ insertion p50 à 1 client | {post1:0.0} ÷ {insert1:0.0} = {post1 / insert1:0.0} × | — |");
md.AppendLine($"| (repère) débit à 32 clients : insertions/s ÷ POST/s | {Get("Insertion Azurite seule (plancher)", 32).Throughput:0} ÷ {Get("POST /api/enrolments", 32).Throughput:0} = {Get("Insertion Azurite seule (plancher)", 32).Throughput / Get("POST /api/enrolments", 32).Throughput:0.0} × | — |");
foreach (var clients in levels)
{
    var quote = Get("GET /api/quote", clients).P95;
    var file = Get("GET fichier statique (plancher)", clients).P95;
    md.AppendLine($"| quote p95 ≤ 1,5 × fichier statique p95 ({clients} client{(clients > 1 ? "s" : "")}) | {quote:0.0} ms ≤ 1,5 × {file:0.0} = {1.5 * file:0.0} ms | {(quote <= 1.5 * file ? "oui" : "non")} |");
}
md.AppendLine($"| 0 erreur | {errors} | {(errors == 0 ? "oui" : "non")} |");
md.AppendLine($"| pic de mémoire (RSS) de l'hôte ≤ 300 Mo | {peakRss} Mo (processus du banc : hôte + clients) | {(peakRss <= 300 ? "oui" : "non")} |");
md.AppendLine();
md.AppendLine("Allers-retours de stockage par requête, comptés par une politique du pipeline du SDK Azure sur chaque client de l'hôte, une requête à la fois :");
md.AppendLine();
md.AppendLine("| requête | allers-retours | lesquels | durée (ms) | dont attente du stockage (ms) |");
md.AppendLine("|---|---:|---|---:|---:|");
foreach (var t in trips) md.AppendLine($"| {t.Name} | {t.Count} | {t.Kinds} | {t.TotalMs:0.0} | {t.StorageMs:0.0} |");
md.AppendLine();
md.AppendLine($"Concurrence : 200 inscriptions simultanées sur 12 places en {contention.Elapsed.TotalSeconds:0.0} s : " +
    string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")) + ".");
await File.WriteAllTextAsync(outputFile, md.ToString());
Console.Write(md);
return 0;

async Task<Result> RunAsync(string name, int clients, Func<int, Task<bool>> call)
{
    // Each scenario starts clean: the previous one's garbage is collected now, not during this one's requests.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    await Task.Delay(200);
    var latencies = new double[requests];
    var next = -1;
    var failures = 0;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < requests)
        {
            var one = Stopwatch.GetTimestamp();
            bool ok;
            try { ok = await call(i); } catch (Exception) { ok = false; }
            latencies[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
            if (!ok) Interlocked.Increment(ref failures);
        }
    }));
    total.Stop();
    Array.Sort(latencies);
    double Q(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
    var result = new Result(name, clients, requests / total.Elapsed.TotalSeconds, Q(0.50), Q(0.95), Q(0.99), failures);
    Console.Error.WriteLine($"{name} × {clients}: {result.Throughput:0} req/s, p95 {result.P95:0.0} ms, {failures} erreurs");
    return result;
}

// As the site's script sends it: JSON, with a fresh Idempotency-Key per form.
Task<HttpResponseMessage> PostEnrolmentAsync(string sessionId) => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/enrolments")
{
    Content = JsonContent.Create(Enrolment(sessionId)),
    // Each from its own address, as distinct visitors are (the front end's X-Forwarded-For; the app trusts one hop).
    Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() }, { "X-Forwarded-For", $"198.51.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}" } },
});

static bool Ok(HttpResponseMessage response)
{
    using (response) return (int)response.StatusCode is >= 200 and < 400;
}

static JsonObject Enrolment(string sessionId) => new()
{
    ["sessionId"] = sessionId,
    ["trainees"] = new JsonArray(new JsonObject
    {
        ["firstName"] = "Anne", ["lastName"] = "Martin", ["email"] = $"stagiaire-{Guid.NewGuid():N}@example.org",
        ["phone"] = "04 72 00 00 00", ["organisation"] = "CCAS de Lyon", ["jobTitle"] = "Cheffe de projet", ["category"] = "professional",
    }),
    // A payer of their own, as distinct visitors are: one payer enrolling again is the rarer case (it reads its places).
    ["payer"] = new JsonObject { ["kind"] = "organisation", ["name"] = "CCAS de Lyon", ["email"] = $"compta-{Guid.NewGuid():N}@ccas-lyon.example.org", ["address"] = "1 place de la Mairie, 69001 Lyon" },
    ["paymentMethod"] = "invoice",
    ["prerequisitesConfirmed"] = true,
    ["consent"] = true,
    ["website"] = "",
    ["formToken"] = FormTokens.Valid,
};

/// <summary>VmHWM: the process's peak resident set since it started.</summary>
static long PeakRssMegabytes()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

internal sealed record Result(string Name, int Clients, double Throughput, double P50, double P95, double P99, int Errors);
