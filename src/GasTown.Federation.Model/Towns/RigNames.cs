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
}
