namespace BackEnd.Storage.Document.Tests.Support;

/// <summary>A fact that runs only when <c>BACKEND_TEST_POSTGRES</c> names a PostgreSQL server, and says so when skipped.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Servers.Postgres is null)
        {
            Skip = $"{Servers.PostgresVariable} is not set; set it to a PostgreSQL connection string to run this test.";
        }
    }
}
