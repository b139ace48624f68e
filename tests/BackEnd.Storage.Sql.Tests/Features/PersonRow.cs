using System.ComponentModel.DataAnnotations.Schema;
using BackEnd.Storage.Testing;

namespace BackEnd.Storage.Sql.Tests.Features;

public sealed record PersonRow(long Id, string FullName, string Email, int? Age);
