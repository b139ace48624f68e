using BackEnd.Routing;
using BackEnd.Routing.Internal;

namespace BackEnd.Core.Tests.Fuzz;

/// <summary>
/// Mutated route templates (fixed seed, bounded): each either parses and then matches any path without throwing, or is
/// refused with an <see cref="ArgumentException"/> naming the template; never another exception, never a hang.
/// </summary>
public sealed class RouteTemplateMutationTests
{
    private const int Iterations = 20_000;

    private static readonly string[] s_seeds =
    [
        "/",
        "/shop/{id:int:min(1)}/{page=2}",
        "/codes/{code:regex(^[a-z]{{2}}:\\d+$)}",
        "/files/{*path}",
        "/files/{**path:nonfile}",
        "/a/{name:alpha:length(2,8)}.{ext?}",
        "/users/{id:guid}/posts/{slug:maxlength(40)}",
        "/range/{n:range(1,100)}/{d:decimal}/{b:bool}/{t:datetime}/{l:long}",
        "/{lang:minlength(2)=en}/docs/{section?}",
        "/x/pre{middle}post/{last:required}",
    ];

    private static readonly string[] s_paths = ["/", "/shop/1/2", "/codes/ab:12", "/files/a/b/c.txt", "/a/xy.json", "/range/5/1.5/true/2020-01-01/9", "/en/docs", "/x/preMpost/z", "/%2F/..", "/a//b"];

    [Fact]
    public void MutatedTemplates_ParseOrArgumentException_MatchingNeverThrows()
    {
        var mutator = new Mutator(20261127, "{}()[]:=?*/\\^$.|,+-~%01239azAZ _\0\u00e9\ud83d");
        var failures = new List<string>();
        var parsed = 0;
        for (var i = 0; i < Iterations && failures.Count < 10; i++)
        {
            var template = mutator.Mutate(mutator.Pick(s_seeds), mutator.Pick(s_seeds));
            RouteMatcher matcher;
            try
            {
                matcher = RouteMatcher.Build([new Endpoint(template, ["GET"], null, [], null, _ => default)]);
                parsed++;
            }
            catch (ArgumentException ex)
            {
                if (!ex.Message.Contains(template.TrimEnd('/'), StringComparison.Ordinal) && !ex.Message.Contains('\'', StringComparison.Ordinal))
                {
                    failures.Add($"#{i} refusal does not say which template: {template} -> {ex.Message}");
                }

                continue;
            }
#pragma warning disable CA1031 // Any other exception is the finding this test exists for.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"#{i} {ex.GetType().Name} parsing {template}: {ex.Message}");
                continue;
            }

            foreach (var path in s_paths.Append(mutator.Mutate(template)).Append(mutator.Mutate(mutator.Pick(s_paths))))
            {
                try
                {
                    var match = default(RouteMatch);
                    _ = matcher.Match(path, "GET", ref match);
                    _ = matcher.GetAllowedMethods(path);
                }
#pragma warning disable CA1031 // Any exception is a finding.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures.Add($"#{i} {ex.GetType().Name} matching {path} against {template}: {ex.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.InRange(parsed, Iterations / 20, Iterations - (Iterations / 20));
    }
}
