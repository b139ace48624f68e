using System.Runtime.CompilerServices;

// The RFC 7396 and RFC 9110 vectors test the merge-patch and entity-tag machinery directly, below the HTTP surface.
[assembly: InternalsVisibleTo("BackEnd.Core.Tests")]
