namespace BackEnd.Auth.Tests.Support;

/// <summary>A fact that runs only when <c>BACKEND_TEST_MYSQL</c> names a server, and says so when skipped.</summary>
public sealed class MySqlFactAttribute : FactAttribute
{
    public const string Variable = "BACKEND_TEST_MYSQL";

    public MySqlFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set; set it to a MySQL/MariaDB connection string (or run .ci/mysql.sh's my_start) to run this test.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
