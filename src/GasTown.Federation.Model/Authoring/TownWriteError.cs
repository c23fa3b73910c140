namespace GasTown.Federation.Model;

/// <summary>What kind of failure a <see cref="TownWriteException"/> is, for a host to map once.</summary>
public enum TownWriteError
{
    /// <summary>The input is not acceptable (a bad name, prefix, title, priority, type or status); nothing was written.</summary>
    InvalidInput = 0,

    /// <summary>Something named does not exist (a rig, a work unit, a parent); nothing was written.</summary>
    NotFound,

    /// <summary>The change conflicts with what is there (a rig or prefix that exists, a held lock); nothing was written.</summary>
    Conflict,
}
