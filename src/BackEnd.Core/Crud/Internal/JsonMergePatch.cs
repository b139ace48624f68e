using System.Text.Json.Nodes;

namespace BackEnd.Crud.Internal;

/// <summary>Applies a JSON Merge Patch (RFC 7396 §2): objects merge member by member, <c>null</c> removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var existing = result.TryGetPropertyValue(name, out var current) ? current : null;
            var merged = Apply(existing?.DeepClone(), value);
            result[name] = merged;
        }

        return result;
    }
}
