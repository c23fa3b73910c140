using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace GasTown.Federation.Model;

/// <summary>
/// Reads and writes single work units as beads JSON. Writing gives exactly what beads' exporter writes
/// (Go struct key order, compact, Go's escaping, empty values omitted except <c>priority</c>, unknown fields last).
/// </summary>
/// <remarks>All members are thread-safe.</remarks>
public static class WorkUnitJson
{
    [ThreadStatic]
    private static GoJsonBuffer? t_buffer;

    [ThreadStatic]
    private static GoJsonBuffer? t_otherBuffer;

    /// <summary>Writes <paramref name="unit"/> as one line of beads JSON, without the line ending.</summary>
    /// <param name="unit">The work unit.</param>
    /// <param name="destination">Where the UTF-8 bytes go.</param>
    public static void Write(WorkUnit unit, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = RentBuffer();
        WorkUnitCanonicalWriter.Write(unit, buffer);
        destination.Write(buffer.WrittenSpan);
    }

    /// <summary>Returns <paramref name="unit"/> as one line of beads JSON (UTF-8, no line ending).</summary>
    public static byte[] ToUtf8Bytes(WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var buffer = RentBuffer();
        WorkUnitCanonicalWriter.Write(unit, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Returns <paramref name="unit"/> as one line of beads JSON (no line ending).</summary>
    public static string ToJsonString(WorkUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var buffer = RentBuffer();
        WorkUnitCanonicalWriter.Write(unit, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes the beads fields of <paramref name="unit"/> as properties of the JSON object <paramref name="writer"/>
    /// is currently inside (the caller writes the braces), in canonical order. Use this to embed a work unit in
    /// your own JSON output; the escaping is the writer's, not Go's.
    /// </summary>
    public static void WriteProperties(WorkUnit unit, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = RentBuffer();
        WorkUnitCanonicalWriter.Write(unit, buffer);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.WritePropertyName(reader.GetString()!);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            writer.WriteRawValue(buffer.WrittenSpan[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
    }

    /// <summary>Reads one line of beads JSON (without its line ending) into a work unit.</summary>
    /// <exception cref="WorkUnitFormatException">The line is not a valid beads issue; the message says what and where.</exception>
    public static WorkUnit Read(ReadOnlySpan<byte> utf8Line)
    {
        if (!TryRead(utf8Line, out var unit, out var error, out var kind, out var position))
        {
            throw new WorkUnitFormatException(error, kind, position);
        }

        return unit;
    }

    /// <summary>Reads one line of beads JSON given as a string.</summary>
    /// <exception cref="WorkUnitFormatException">The line is not a valid beads issue.</exception>
    public static WorkUnit Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Tries to read one line of beads JSON; <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Line, [NotNullWhen(true)] out WorkUnit? unit, [NotNullWhen(false)] out string? error)
        => TryRead(utf8Line, out unit, out error, out _, out _);

    private static bool TryRead(ReadOnlySpan<byte> utf8Line, [NotNullWhen(true)] out WorkUnit? unit, [NotNullWhen(false)] out string? error, out JsonlDiagnosticKind kind, out long position)
    {
        // The parser slices unknown values out of the line, so it needs memory it may keep.
        var parser = new WorkUnitLineParser();
        if (parser.TryParse(utf8Line.ToArray(), copyRawValues: false, out unit, out var lineError) && unit is not null)
        {
            error = null;
            kind = default;
            position = -1;
            return true;
        }

        error = lineError!.Message;
        kind = lineError.Kind;
        position = lineError.Position;
        return false;
    }

    internal static bool CanonicalEquals(WorkUnit a, WorkUnit b)
    {
        var first = RentBuffer();
        WorkUnitCanonicalWriter.Write(a, first);
        var second = t_otherBuffer ??= new GoJsonBuffer();
        second.Reset();
        WorkUnitCanonicalWriter.Write(b, second);
        return first.WrittenSpan.SequenceEqual(second.WrittenSpan);
    }

    internal static GoJsonBuffer RentBuffer()
    {
        var buffer = t_buffer ??= new GoJsonBuffer();
        buffer.Reset();
        return buffer;
    }
}
