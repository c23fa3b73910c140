using System.Text.Json.Serialization;

namespace GasTown.Federation.Model.Tests.Routes;

/// <summary>Source-generated JSON for test inputs (the build refuses reflection-based serialisation).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class RouteTestJson : JsonSerializerContext;
