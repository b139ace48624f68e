namespace BackEnd.Crud;

/// <summary>Default values of <see cref="ResourceBuilder{TEntity, TKey}"/>.</summary>
public static class ResourceDefaults
{
    /// <summary>The page size when a request names none: 20.</summary>
    public const int PageSize = 20;

    /// <summary>The largest page size a request may ask for: 100.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The media type of JSON Merge Patch bodies (RFC 7396).</summary>
    public const string MergePatchMediaType = "application/merge-patch+json";
}
