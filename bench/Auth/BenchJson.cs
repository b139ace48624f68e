using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackEnd.Bench.Auth;

internal sealed record Credentials(string? UserName, string? Password, bool Token);

internal sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Credentials))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
