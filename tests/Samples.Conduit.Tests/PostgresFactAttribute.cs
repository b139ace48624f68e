namespace Samples.Conduit.Tests;

/// <summary>A fact that needs PostgreSQL; skipped, with the reason shown, when BACKEND_TEST_POSTGRES is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "BACKEND_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set; set it to a PostgreSQL connection string to run this test.";
        }
    }
}
