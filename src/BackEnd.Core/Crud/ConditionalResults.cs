using BackEnd.Http;
using BackEnd.Crud.Internal;
using BackEnd.HttpResults;

namespace BackEnd.Crud;

/// <summary>Results for ordinary handlers that carry an <c>ETag</c> and answer conditional requests themselves.</summary>
public static class ConditionalResults
{
    /// <summary>Writes <paramref name="value"/> as JSON with <c>ETag: "version"</c>; answers 304 when a GET or HEAD's
    /// <c>If-None-Match</c> names it, and 412 when <c>If-Match</c> does not (or an unsafe method's <c>If-None-Match</c> does).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The representation.</param>
    /// <param name="version">The representation's version, such as an entity's <c>Version</c>; equal versions mean equal bodies.</param>
    /// <returns>The result.</returns>
    public static IResult Json<T>(T value, long version) => new ConditionalResult<T>(value, EntityTags.FromVersion(version));

    /// <summary>Writes <paramref name="value"/> as JSON with the given strong entity tag, answering 304 and 412 as <see cref="Json{T}(T, long)"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The representation.</param>
    /// <param name="entityTag">An opaque tag without quotes, such as a hash of the content; it is quoted when written.</param>
    /// <returns>The result.</returns>
    public static IResult Json<T>(T value, string entityTag)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityTag);
        if (entityTag.Contains('"', StringComparison.Ordinal) || entityTag.Any(static c => c < 0x21 || c > 0x7E))
        {
            throw new ArgumentException("An entity tag is visible ASCII without quotes or spaces.", nameof(entityTag));
        }

        return new ConditionalResult<T>(value, "\"" + entityTag + "\"");
    }
}
