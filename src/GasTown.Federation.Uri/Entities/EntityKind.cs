namespace GasTown.Federation;

/// <summary>What an <see cref="EntityId"/> names: a person (<c>local@domain</c>) or an organisation (<c>domain</c>).</summary>
public enum EntityKind
{
    /// <summary>A person, written like an e-mail address: <c>alice@example.com</c>.</summary>
    Person = 1,

    /// <summary>An organisation, written as its domain: <c>acme.com</c>.</summary>
    Organization = 2,
}
