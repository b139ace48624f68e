namespace BackEnd.HttpResults;

/// <summary>A 400 problem listing what is wrong with each field of the input.</summary>
public sealed class ValidationProblemDetails : ProblemDetails
{
    /// <summary>Initializes a validation problem.</summary>
    /// <param name="errors">The messages per field, field names in JSON casing.</param>
    public ValidationProblemDetails(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
        Status = 400;
        Title = "One or more validation errors occurred.";
    }

    /// <summary>Gets the messages per field.</summary>
    public IDictionary<string, string[]> Errors { get; }
}
