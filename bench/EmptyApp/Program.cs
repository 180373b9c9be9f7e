// An empty ASP.NET Core app answering the route the local host's cold start is timed on (bench/run.sh).
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/api/sessions", () => TypedResults.Ok(Array.Empty<object>()));
app.Run();
