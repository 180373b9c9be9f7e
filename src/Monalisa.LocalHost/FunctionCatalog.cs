using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Monalisa.LocalHost;

/// <summary>The functions of the Functions app, found by reflection over [Function] and their trigger attributes, as `func` would.</summary>
internal static class FunctionCatalog
{
    public static IEnumerable<Type> FunctionTypes() =>
        typeof(Monalisa.Functions.Hosting.ServiceCollectionExtensions).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    public static IEnumerable<HttpFunction> HttpFunctions() =>
        from type in FunctionTypes()
        from method in type.GetMethods()
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where trigger is not null
        select new HttpFunction(function.Name, type, method, trigger.AuthLevel,
            [.. (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant())], trigger.Route ?? function.Name);

    public static IEnumerable<TimerFunction> TimerFunctions() =>
        from type in FunctionTypes()
        from method in type.GetMethods()
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where trigger is not null
        select new TimerFunction(function.Name, type, method, trigger.Schedule);

    public static IEnumerable<QueueFunction> QueueFunctions() =>
        from type in FunctionTypes()
        from method in type.GetMethods()
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where trigger is not null
        select new QueueFunction(function.Name, type, method, trigger.QueueName);

    /// <summary>Registers every function class, so that the local host resolves them as the worker activates them.</summary>
    public static IServiceCollection AddFunctionClasses(this IServiceCollection services)
    {
        foreach (var type in FunctionTypes())
            services.AddScoped(type);
        return services;
    }
}

internal sealed record HttpFunction(string Name, Type Type, MethodInfo Method, AuthorizationLevel AuthLevel, IReadOnlyList<string> HttpMethods, string Route);

internal sealed record TimerFunction(string Name, Type Type, MethodInfo Method, string Schedule);

internal sealed record QueueFunction(string Name, Type Type, MethodInfo Method, string QueueName);
