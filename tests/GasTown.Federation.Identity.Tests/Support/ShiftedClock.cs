namespace GasTown.Federation.Identity.Tests.Support;

/// <summary>The system clock moved by a fixed offset: a statement made in the past, as it was made then.</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
