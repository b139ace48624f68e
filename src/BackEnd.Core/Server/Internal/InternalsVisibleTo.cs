using System.Runtime.CompilerServices;

// The test host serves in-memory connections with the server's own connection code, so tests see what production sees.
[assembly: InternalsVisibleTo("BackEnd.Testing")]
