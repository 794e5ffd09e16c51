using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Dex.Functions;

/// <summary>Lets a trigger return the shared API's <see cref="IResult"/> through the Functions ASP.NET Core integration.</summary>
public sealed class ResultAdapter(IResult result) : IActionResult
{
    public IResult Result => result;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
