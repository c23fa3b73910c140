using GasTown.Federation.GitTransport;
using GasTown.Federation.Hosting;

namespace GtFed;

/// <summary>
/// What a person can do about a remote whose newest snapshot another key signed: said by <c>fetch</c> and by a list of
/// that remote. An entity whose published keys are kept is followed by its well-known document: once it publishes the new
/// key, reading them again keeps the proof at "published key", where accepting the signer pins it on the person's word.
/// </summary>
internal static class KeyChangeHint
{
    public static string For(Town town, string remote)
    {
        var keys = town.Remotes.TryGet(remote, out var registered) ? town.Keys.Get(registered.Chain.Entity) : null;
        return keys?.Source == KeySource.Published
            ? $"If its owner has published a new key: gtfed key discover {remote}, then gtfed fetch {remote}. ('gtfed key accept {remote}' trusts the new signer on your word alone, once you have checked it with them.)"
            : $"If its owner changed keys and you have checked the new one with them: gtfed key accept {remote}, then gtfed fetch {remote}.";
    }
}
