using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Monalisa.Content.Text;

/// <summary>
/// Templates compiled into an assembly, under one folder of logical names (« emails/convocation.md »), as a file
/// provider for Fluid's <c>{% include %}</c>: the functions cannot read site/theme at run time.
/// </summary>
public sealed class ResourceFiles(Assembly assembly, string folder) : IFileProvider
{
    public string Read(string name) =>
        GetFileInfo(name) is { Exists: true } file
            ? new StreamReader(file.CreateReadStream()).ReadToEnd()
            : throw new InvalidOperationException($"{folder}/{name} is not embedded in {assembly.GetName().Name}.");

    public byte[] Bytes(string name)
    {
        using var stream = GetFileInfo(name).CreateReadStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public IFileInfo GetFileInfo(string subpath) =>
        new Resource(assembly, $"{folder}/{subpath.TrimStart('/')}");

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class Resource(Assembly assembly, string name) : IFileInfo
    {
        public bool Exists => assembly.GetManifestResourceInfo(name) is not null;
        public long Length => -1;
        public string? PhysicalPath => null;
        public string Name => Path.GetFileName(name);
        public DateTimeOffset LastModified => DateTimeOffset.MinValue;
        public bool IsDirectory => false;
        public Stream CreateReadStream() => assembly.GetManifestResourceStream(name) ?? throw new FileNotFoundException(name);
    }
}
