using System.Text.Json;
using GasTown.Federation.Model;

namespace GasTown.Federation.Query;

/// <summary>Upstream fields added after the design date that queries read, until Model types them.</summary>
internal static class WorkUnitFields
{
    // SEAM(D): defer_until is read from the unknown fields until the field table gives WorkUnit a typed DeferUntil.
    public static BeadsTimestamp? DeferUntil(WorkUnit unit)
    {
        foreach (var field in unit.UnknownFields)
        {
            if (field.Name == "defer_until")
            {
                var reader = new Utf8JsonReader(field.RawValue.Span);
                return reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                    && BeadsTimestamp.TryParse(reader.ValueSpan, out var value, out _) ? value : null;
            }
        }

        return null;
    }
}
