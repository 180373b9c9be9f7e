using System.Reflection;
using YamlDotNet.Serialization;

namespace Monalisa.Content;

/// <summary>What a front-matter value holds, as the reader parses it (and as a form should offer it).</summary>
public enum FieldKind
{
    /// <summary>One line of text.</summary>
    Text,
    /// <summary>Lower-case letters without accents, digits and dashes (a slug, a session id).</summary>
    Identifier,
    /// <summary>A paragraph.</summary>
    Paragraph,
    /// <summary>AAAA-MM-JJ.</summary>
    Date,
    /// <summary>HH:mm.</summary>
    Time,
    /// <summary>A whole number above zero.</summary>
    PositiveInteger,
    /// <summary>Euros, not negative, to the cent.</summary>
    Price,
    /// <summary>true or false.</summary>
    Flag,
    /// <summary>A list of lines of text.</summary>
    TextList,
    /// <summary>A list of objects, each with <see cref="SchemaField.Children"/>.</summary>
    ObjectList,
    /// <summary>One object with <see cref="SchemaField.Children"/>.</summary>
    Object,
}

/// <summary>One front-matter key: its name (the YAML key), what it holds, whether the reader requires it, and its keys if it has any.</summary>
public sealed record SchemaField(string Name, FieldKind Kind, bool Required, IReadOnlyList<SchemaField> Children);

/// <summary>Declares, on the reader's own shape of the front matter, what a key holds and whether it is required.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class FieldAttribute(FieldKind kind) : Attribute
{
    public FieldKind Kind { get; } = kind;
    public bool Required { get; init; }
}

/// <summary>
/// The keys a course file may hold, read from the type the reader deserializes into (<see cref="CourseFrontMatter"/>):
/// a key the reader accepts is in the schema by construction, and the CMS form is generated from it (Monalisa.Site).
/// </summary>
public static class CourseSchema
{
    public static IReadOnlyList<SchemaField> Fields { get; } = FieldsOf(typeof(CourseFrontMatter));

    private static List<SchemaField> FieldsOf(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(FieldOf)];

    private static SchemaField FieldOf(PropertyInfo property)
    {
        var name = property.GetCustomAttribute<YamlMemberAttribute>()?.Alias
            ?? throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} has no YAML key.");
        var field = property.GetCustomAttribute<FieldAttribute>()
            ?? throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} does not say what it holds ([Field]).");
        var element = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
        var children = field.Kind is FieldKind.Object or FieldKind.ObjectList ? FieldsOf(element) : [];
        return new SchemaField(name, field.Kind, field.Required, children);
    }
}
