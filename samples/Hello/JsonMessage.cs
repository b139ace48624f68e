namespace Hello;

/// <summary>The body of <c>GET /json</c>.</summary>
/// <param name="Message">The greeting.</param>
public sealed record JsonMessage(string Message);
