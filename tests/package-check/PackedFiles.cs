using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

/// <summary>
/// Checks the packed files as a consumer and a debugger see them: RoutingCore and RoutingCore.Orleans carry one version,
/// the Orleans package depends on RoutingCore at that version, each package has its own README (no image, no relative
/// link), and each has a symbols package whose portable PDBs match its assemblies and embed every source file, so
/// "step into" works from the symbols alone.
/// </summary>
internal static partial class PackedFiles
{
    private static readonly string[] Packages = ["RoutingCore", "RoutingCore.Orleans"];

    // The custom debug information kind of a source file embedded in a portable PDB.
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static int Check(string folder)
    {
        var errors = new List<string>();
        var versions = new Dictionary<string, string>();
        foreach (string id in Packages)
        {
            string[] found = [.. Directory.GetFiles(folder, $"{id}.*.nupkg").Where(f => VersionOf(id, f) is not null)];
            if (found.Length != 1)
            {
                errors.Add($"{id}: expected one {id}.<version>.nupkg in {folder}, found {found.Length}");
                continue;
            }

            string version = VersionOf(id, found[0])!;
            versions[id] = version;
            CheckPackage(id, found[0], Path.ChangeExtension(found[0], ".snupkg"), errors);
        }

        if (versions.Count == Packages.Length)
        {
            CheckVersions(folder, versions, errors);
        }

        foreach (string error in errors)
        {
            Console.Error.WriteLine($"packed files: {error}");
        }

        if (errors.Count > 0)
        {
            return 1;
        }

        Console.WriteLine($"packed files: {string.Join(", ", versions.Select(v => $"{v.Key} {v.Value}"))}, each with its own README and embedded sources in its symbols");
        return 0;
    }

    /// <summary>The version in a package's file name, or null when the file is another package's (RoutingCore.Orleans.* for RoutingCore).</summary>
    private static string? VersionOf(string id, string file)
    {
        string version = Path.GetFileNameWithoutExtension(file)[(id.Length + 1)..];
        return version.Length > 0 && char.IsAsciiDigit(version[0]) ? version : null;
    }

    private static void CheckVersions(string folder, Dictionary<string, string> versions, List<string> errors)
    {
        string core = versions["RoutingCore"];
        if (versions["RoutingCore.Orleans"] != core)
        {
            errors.Add($"RoutingCore.Orleans is version {versions["RoutingCore.Orleans"]}, RoutingCore {core}: they are released together, with one version");
        }

        XElement nuspec = Nuspec(Path.Combine(folder, $"RoutingCore.Orleans.{versions["RoutingCore.Orleans"]}.nupkg"));
        XElement[] onCore = [.. nuspec.Descendants().Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == "RoutingCore")];
        if (onCore.Length == 0 || onCore.Any(d => (string?)d.Attribute("version") != core))
        {
            errors.Add($"RoutingCore.Orleans must depend on RoutingCore {core} in every target framework; its dependencies: [{string.Join(", ", onCore.Select(d => (string?)d.Attribute("version")))}]");
        }
    }

    private static void CheckPackage(string id, string package, string symbols, List<string> errors)
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package);
        XElement nuspec = Nuspec(package);
        string? readme = nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == "readme")?.Value;
        if (readme is null || nupkg.GetEntry(readme) is not { } readmeEntry)
        {
            errors.Add($"{id}: the package has no README");
        }
        else
        {
            using var reader = new StreamReader(readmeEntry.Open());
            string text = reader.ReadToEnd();
            if (text.Contains("<img", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{id}: the package README ({readme}) has an HTML image, which a package viewer does not show");
            }

            foreach (Match link in MarkdownLink().Matches(text))
            {
                if (link.Value.StartsWith('!') || !link.Groups["target"].Value.StartsWith("https://", StringComparison.Ordinal))
                {
                    errors.Add($"{id}: the package README ({readme}) has an image or a link that a package viewer cannot resolve: {link.Value}");
                }
            }
        }

        if (!File.Exists(symbols))
        {
            errors.Add($"{id}: no symbols package ({Path.GetFileName(symbols)}) beside the package");
            return;
        }

        using ZipArchive snupkg = ZipFile.OpenRead(symbols);
        ZipArchiveEntry[] assemblies = [.. nupkg.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal))];
        if (assemblies.Length == 0)
        {
            errors.Add($"{id}: the package holds no assembly under lib/");
        }

        foreach (ZipArchiveEntry assembly in assemblies)
        {
            string pdbName = Path.ChangeExtension(assembly.FullName, ".pdb");
            if (snupkg.GetEntry(pdbName) is not { } pdb)
            {
                errors.Add($"{id}: the symbols package has no {pdbName} for {assembly.FullName}");
                continue;
            }

            CheckPdb($"{id} {pdbName}", Read(assembly), Read(pdb), errors);
        }
    }

    /// <summary>The PDB is portable, belongs to the assembly (the debugger's match), and embeds every source document.</summary>
    private static void CheckPdb(string name, byte[] assembly, byte[] pdb, List<string> errors)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        DebugDirectoryEntry[] codeView = [.. pe.ReadDebugDirectory().Where(e => e.Type == DebugDirectoryEntryType.CodeView)];
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        MetadataReader reader;
        try
        {
            reader = provider.GetMetadataReader();
        }
        catch (BadImageFormatException e)
        {
            errors.Add($"{name}: not a portable PDB ({e.Message})");
            return;
        }

        byte[] pdbId = [.. reader.DebugMetadataHeader!.Id];
        if (codeView.Length != 1 || !pe.ReadCodeViewDebugDirectoryData(codeView[0]).Guid.ToByteArray().AsSpan().SequenceEqual(pdbId.AsSpan(0, 16)))
        {
            errors.Add($"{name}: does not match its assembly (the PDB id differs from the assembly's CodeView entry)");
        }

        int documents = 0;
        var missing = new List<string>();
        foreach (DocumentHandle handle in reader.Documents)
        {
            documents++;
            bool embedded = reader.GetCustomDebugInformation(handle)
                .Any(h => reader.GetGuid(reader.GetCustomDebugInformation(h).Kind) == EmbeddedSource);
            if (!embedded)
            {
                missing.Add(reader.GetString(reader.GetDocument(handle).Name));
            }
        }

        if (documents == 0 || missing.Count > 0)
        {
            errors.Add($"{name}: {missing.Count} of {documents} source documents are not embedded (first: {missing.FirstOrDefault() ?? "none"})");
        }
    }

    private static XElement Nuspec(string package)
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = nupkg.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = entry.Open();
        return XElement.Load(stream);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]*)[^)]*\)")]
    private static partial Regex MarkdownLink();
}
