using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dex.Web.Http;

/// <summary>
/// One request body cap for every route of both hosts (6 MB: a 4 MB photo in base64 plus the message around it).
/// A declared length over the cap is refused before anything is read; an undeclared (chunked) body is cut off as it
/// is read. Either way the caller gets a 413 JSON error and nothing is changed.
/// </summary>
public static class BodyLimit
{
    public const long MaxBytes = 6 * 1024 * 1024;

    /// <summary>Caps this request's body; returns the 413 error when its declared length is already over.</summary>
    public static IResult? Apply(HttpContext context, long max = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        // Also counted here: hosts that do not offer the server's own limit (the Functions worker) are capped the same.
        context.Request.Body = new CappedStream(context.Request.Body, max);
        return null;
    }

    /// <summary>The cap was hit while reading (the host may wrap the exception).</summary>
    public static bool IsTooLarge(Exception? e) => e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || (e?.InnerException is { } inner && IsTooLarge(inner));

    public static IResult TooLarge(long max = MaxBytes)
        => ApiErrors.Of(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"The request body is limited to {max / (1024 * 1024)} MB.");

    /// <summary>Dex.Local's pipeline: the cap for every route.</summary>
    public static IApplicationBuilder UseDexBodyLimit(this IApplicationBuilder app, long max = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (Apply(context, max) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception e) when (IsTooLarge(e) && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await TooLarge(max).ExecuteAsync(context);
            }
        });
    }

    private sealed class CappedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            return _read > max ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge) : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
