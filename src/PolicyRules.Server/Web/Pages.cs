using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PolicyRules.Server.Web;

/// <summary>
/// The explorer's pages: one HTML shell, a script and a style sheet, compiled into the assembly. Routes name them
/// one by one, so no request path reaches the file system.
/// </summary>
internal static class Pages
{
    private static readonly Dictionary<string, (byte[] Body, string Type)> Files = new()
    {
        ["index.html"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["app.js"] = (Load("app.js"), "text/javascript; charset=utf-8"),
        ["app.css"] = (Load("app.css"), "text/css; charset=utf-8"),
    };

    private static byte[] Load(string name)
    {
        using var stream = typeof(Pages).Assembly.GetManifestResourceStream("web/" + name)
            ?? throw new InvalidOperationException($"the page '{name}' is not compiled into {typeof(Pages).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGet("/", () => Serve("index.html")).ExcludeFromDescription();
        e.MapGet("/modules/{id}", (string id) => Serve("index.html")).ExcludeFromDescription();
        e.MapGet("/app.js", () => Serve("app.js")).ExcludeFromDescription();
        e.MapGet("/app.css", () => Serve("app.css")).ExcludeFromDescription();
    }

    private static IResult Serve(string name)
    {
        var (body, type) = Files[name];
        return Results.Bytes(body, type);
    }
}
