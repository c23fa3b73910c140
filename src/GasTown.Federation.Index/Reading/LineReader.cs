using GasTown.Federation.GitTransport;

namespace GasTown.Federation.Index;

/// <summary>
/// Reads the exact upstream bytes of indexed lines: from the remote's blob (by id, seeking to the offset) or from the
/// local town's file. Every line read is checked against the hash the indexer stored, so an answer is never a torn or
/// moved line: a mismatch means the local file changed since it was indexed (<see cref="StaleLineException"/>).
/// </summary>
internal static class LineReader
{
    public static byte[][] Read(IReadOnlyList<UnitRow> rows, string townRoot, RemoteRegistry registry, CancellationToken cancellationToken)
    {
        var lines = new byte[rows.Count][];
        LibGit2Sharp.Repository? repo = null;
        try
        {
            foreach (var group in rows.Select((row, i) => (row, i)).GroupBy(x => (x.row.IsLocal, x.row.BlobId, x.row.Path)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stream = group.Key.IsLocal
                    ? new FileStream(Path.Combine(townRoot, group.Key.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)
                    : OpenBlob(repo ??= registry.Repository.OpenPrivate(), group.Key.BlobId!);
                foreach (var (row, i) in group.OrderBy(x => x.row.Offset))
                {
                    var line = new byte[row.Length];
                    if (row.Offset + row.Length > stream.Length)
                    {
                        throw new StaleLineException();
                    }

                    stream.Seek(row.Offset, SeekOrigin.Begin);
                    stream.ReadExactly(line);
                    if (LineHash.Of(line) != row.Hash)
                    {
                        throw new StaleLineException();
                    }

                    lines[i] = line;
                }
            }
        }
        catch (FileNotFoundException)
        {
            throw new StaleLineException();
        }
        finally
        {
            repo?.Dispose();
        }

        return lines;
    }

    private static Stream OpenBlob(LibGit2Sharp.Repository repo, string blobId)
    {
        var blob = LibGit2Sharp.RepositoryExtensions.Lookup<LibGit2Sharp.Blob>(repo, new LibGit2Sharp.ObjectId(blobId))
            ?? throw new FederationIndexException(FederationErrorKind.RemoteFailure, $"The blob {blobId} the index points at is not in the federation repository; rebuild the index (FederationIndex.RebuildAsync).");
        return blob.GetContentStream();
    }
}
