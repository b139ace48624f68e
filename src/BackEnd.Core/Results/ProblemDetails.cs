namespace BackEnd.HttpResults;

/// <summary>An RFC 9457 problem: the single body format of every 4xx and 5xx response the framework makes.</summary>
public class ProblemDetails
{
    /// <summary>Gets or sets a URI identifying the problem type.</summary>
    public string? Type { get; set; }

    /// <summary>Gets or sets a short, human-readable summary of the problem type.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the HTTP status code.</summary>
    public int? Status { get; set; }

    /// <summary>Gets or sets an explanation specific to this occurrence.</summary>
    public string? Detail { get; set; }

    /// <summary>Gets or sets a URI reference identifying this occurrence; the request path by default.</summary>
    public string? Instance { get; set; }

    /// <summary>Gets additional members; string, number and boolean values are written as JSON, others through the configured serializer.</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);
}
