namespace BackEnd.Routing;

/// <summary>Defaults and fixed texts of route handlers.</summary>
public static class RouteHandlerDefaults
{
    /// <summary>The largest JSON request body bound to a handler parameter.</summary>
    /// <value>Default: 1 MiB (1,048,576 bytes).</value>
    public const long MaxJsonBodySize = 1024 * 1024;

    /// <summary>The status of a well-formed request body that cannot be bound or fails validation.</summary>
    /// <value>Default: 400.</value>
    public const int InvalidBodyStatusCode = 400;

    internal const string TrimmingMessage =
        "Binding a handler delegate inspects its parameters and their types with reflection; map a RequestDelegate to stay trim-safe.";

    internal const string AotMessage =
        "Binding a handler delegate compiles an expression tree and closes generic types at start-up; map a RequestDelegate to stay AOT-safe.";
}
