using System.Diagnostics.CodeAnalysis;
using GasTown.Federation.Parsing;

namespace GasTown.Federation.Model;

/// <summary>
/// The SDK's one rule for a rig name: a name that can be the rig segment of a <c>gt://</c> URI, so that every rig's
/// work units can be named (<c>[A-Za-z0-9][A-Za-z0-9._-]*</c>, at most <see cref="GtUriLimits.MaxNameLength"/>
/// characters, not <c>.</c> or <c>..</c>). It is the Uri package's own name grammar, not a copy of it; the chain
/// loader (a rig that breaks it is named by prefix only) and the remote registry (<c>--rig</c>) both ask here.
/// </summary>
internal static class RigNames
{
    /// <summary>Whether <paramref name="name"/> is a valid rig name.</summary>
    public static bool IsValid(ReadOnlySpan<char> name) => PartValidator.TryValidateName(name, out _);

    /// <summary>Checks <paramref name="name"/>, saying why it is not a valid rig name.</summary>
    /// <param name="name">The rig name.</param>
    /// <param name="problem">What is wrong, in the URI parser's words, when invalid.</param>
    /// <returns>Whether the name is valid.</returns>
    public static bool TryValidate(ReadOnlySpan<char> name, [NotNullWhen(false)] out string? problem)
    {
        if (PartValidator.TryValidateName(name, out var failure))
        {
            problem = null;
            return true;
        }

        problem = failure.ToError().Message;
        return false;
    }

    /// <summary>
    /// The rig among <paramref name="others"/> whose name differs from <paramref name="name"/> only in case, or null: the
    /// two would be one folder on a case-insensitive file system, so a town holds only one of them. The one rule for it:
    /// adding a rig refuses such a twin (<see cref="TownWriter.AddRigAsync"/>), and a publish refuses a public rig that
    /// has one (a town laid out by other tools).
    /// </summary>
    /// <param name="name">A rig name.</param>
    /// <param name="others">The town's rig names (<paramref name="name"/> itself among them is no twin).</param>
    /// <returns>The first twin, or null.</returns>
    public static string? CaseTwin(string name, IEnumerable<string> others)
        => others.FirstOrDefault(other => !string.Equals(other, name, StringComparison.Ordinal) && string.Equals(other, name, StringComparison.OrdinalIgnoreCase));
}
