using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monalisa.Functions.Hosting;

// The course files are parsed while the host builds (the cold start of a new instance).
Monalisa.Content.CourseContent.StartLoadingEmbedded();
var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: functions take HttpRequest and return IActionResult.
builder.ConfigureFunctionsWebApplication();

// Storage down is a 503 problem, not a 500 (the local host maps the same exceptions the same way).
builder.UseMiddleware<Monalisa.Functions.Http.StorageFaultsMiddleware>();

// Telemetry to Application Insights (Entra ID auth is set by the connection string in Azure).
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();

// Everything the functions need; the local host calls the same method.
builder.Services.AddMonalisa(builder.Configuration);

builder.Build().Run();
