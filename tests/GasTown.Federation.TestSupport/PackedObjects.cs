using System.Globalization;

namespace GasTown.Federation.TestSupport;

/// <summary>Damages objects inside a repository's packs, as a disk fault or a bad copy would, to test what reads them.</summary>
public static class PackedObjects
{
    /// <summary>
    /// Overwrites a few bytes inside <paramref name="objectId"/>'s compressed data in the pack that holds it, so git and
    /// libgit2 cannot inflate that object while every other object of the pack stays readable.
    /// </summary>
    /// <param name="repository">The repository's git directory.</param>
    /// <param name="objectId">The object's full id; it must be packed (a fetched object is).</param>
    public static void Corrupt(string repository, string objectId)
    {
        foreach (var index in Directory.GetFiles(Path.Combine(repository, "objects", "pack"), "*.idx"))
        {
            var line = GitCli.Run(repository, "verify-pack", "-v", index).Split('\n').FirstOrDefault(l => l.StartsWith(objectId, StringComparison.Ordinal));
            if (line is null)
            {
                continue;
            }

            // "<id> <type> <size> <size in pack> <offset>": the object's header takes a few bytes, its zlib stream follows.
            var offset = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture);
            using var pack = new FileStream(Path.ChangeExtension(index, ".pack"), FileMode.Open, FileAccess.Write);
            pack.Position = offset + 6;
            pack.Write([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
            return;
        }

        throw new InvalidOperationException($"No pack in {repository} holds {objectId}.");
    }

    /// <summary>
    /// Cuts every pack of <paramref name="repository"/> short, to its first <paramref name="length"/> bytes, as a full disk
    /// or an interrupted copy would: libgit2 then finds none of their objects at all (the pack no longer matches its
    /// index), where <see cref="Corrupt"/> leaves one object listed but unreadable.
    /// </summary>
    /// <param name="repository">The repository's git directory.</param>
    /// <param name="length">The bytes each pack keeps (its header and little more).</param>
    public static void Truncate(string repository, long length = 200)
    {
        var packs = Directory.GetFiles(Path.Combine(repository, "objects", "pack"), "*.pack");
        if (packs.Length == 0)
        {
            throw new InvalidOperationException($"{repository} has no pack to cut short.");
        }

        foreach (var pack in packs)
        {
            using var stream = new FileStream(pack, FileMode.Open, FileAccess.Write);
            stream.SetLength(length);
        }
    }
}
