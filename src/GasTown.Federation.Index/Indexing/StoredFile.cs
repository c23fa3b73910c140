using Microsoft.Data.Sqlite;

namespace GasTown.Federation.Index;

/// <summary>
/// What the index keeps of an issues file it read before (its <c>files</c> row), and the one rule that says whether its
/// rows still hold that file as found now, so it is not read again.
/// </summary>
/// <param name="ContentId">The git blob id of a remote's file when it was read; null for the local town's.</param>
/// <param name="Stamp">The size and write time of a local file when it was read (<c>LocalStamp</c>); null for a remote's.</param>
/// <param name="Rig">The rig it was read for.</param>
/// <param name="UriRig">The rig its units' URIs named, or null.</param>
/// <param name="LeftOut">How many of its rows were left out for another rig's (<c>IdsInTwoRigs</c>).</param>
internal readonly record struct StoredFile(string? ContentId, string? Stamp, string Rig, string? UriRig, long LeftOut)
{
    /// <summary>Reads columns 1–6 of a row selected as <c>id, content_id, stamp, lines, rig, uri_rig, left_out</c>.</summary>
    public static StoredFile Read(SqliteDataReader reader)
        => new(
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetInt64(6));

    /// <summary>
    /// Whether the file is now read for another rig: the same bytes under another rig name (a one-rig remote registered
    /// again) make other URIs, so it is read afresh, its old rows deleted.
    /// </summary>
    public bool IsRenamed(string rig, string? uriRig)
        => !string.Equals(Rig, rig, StringComparison.Ordinal) || !string.Equals(UriRig, uriRig, StringComparison.Ordinal);

    /// <summary>
    /// Whether its rows hold <paramref name="file"/> as found now: the same rig, the same blob (a remote's) or stamp (a local
    /// file's), and none of its rows left out for another rig's (that rig may have dropped the id since, so it is read again).
    /// </summary>
    public bool Holds(IssuesFile file, string rig, string? uriRig)
        => !IsRenamed(rig, uriRig) && LeftOut == 0 && (file.BlobId is not null
            ? string.Equals(ContentId, file.BlobId, StringComparison.Ordinal)
            : string.Equals(Stamp, file.Stamp, StringComparison.Ordinal));
}
