namespace BackEnd.Auth.Tests.Support;

/// <summary>A fact that runs only when <c>BACKEND_TEST_POSTGRES</c> names a server, and says so when skipped.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "BACKEND_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set; set it to a PostgreSQL connection string (or run .ci/postgres.sh's pg_start) to run this test.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
