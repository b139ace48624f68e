using System.Runtime.CompilerServices;

// The test host serves in-memory connections with the server's own connection code, so tests see what production sees.
[assembly: InternalsVisibleTo("BackEnd.Testing")]

// Auth holds refused sign-ins on a timer and must end them when the server starts to stop (Http1Connection.ShutdownToken),
// which happens before the host signals ApplicationStopping.
[assembly: InternalsVisibleTo("BackEnd.Auth")]
