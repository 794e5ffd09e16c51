using System.Text;
using Dex.Web.Chat;

namespace Dex.Tests.Web.Chat;

/// <summary>Slack v0 signing, against the example Slack publishes in "Verifying requests from Slack".</summary>
public sealed class SlackSignature_Verify
{
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset DocNow = DateTimeOffset.FromUnixTimeSeconds(1531420618 + 30);

    private static byte[] Body(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ReturnsDocumentedSignatureGivenSlackExample()
        => Assert.Equal(DocSignature, SlackSignature.Sign(DocSecret, DocTimestamp, Body(DocBody)));

    [Fact]
    public void ReturnsValidGivenSlackExample()
    {
        var check = SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Body(DocBody), DocNow);

        Assert.Equal(SignatureVerdict.Valid, check.Verdict);
        Assert.Equal(DocSignature[3..], check.Fingerprint);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1531420618), check.SignedAt);
    }

    [Fact]
    public void ReturnsValidGivenUpperCaseHex()
        => Assert.True(SlackSignature.Verify(DocSecret, DocTimestamp, "v0=" + DocSignature[3..].ToUpperInvariant(), Body(DocBody), DocNow).IsValid);

    [Fact]
    public void ReturnsInvalidGivenTamperedBody()
        => Assert.Equal(SignatureVerdict.Invalid, SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Body(DocBody.Replace("user_id=U2CERLKJA", "user_id=U0ADMIN00", StringComparison.Ordinal)), DocNow).Verdict);

    [Fact]
    public void ReturnsInvalidGivenWrongSecret()
        => Assert.Equal(SignatureVerdict.Invalid, SlackSignature.Verify("8f742231b10e8888abcd99yyyzzz85a6", DocTimestamp, DocSignature, Body(DocBody), DocNow).Verdict);

    [Fact]
    public void ReturnsInvalidGivenTimestampSwappedForAnother()
        => Assert.Equal(SignatureVerdict.Invalid, SlackSignature.Verify(DocSecret, "1531420619", DocSignature, Body(DocBody), DocNow).Verdict);

    [Theory]
    [InlineData(null, DocSignature)]
    [InlineData(DocTimestamp, null)]
    [InlineData("", DocSignature)]
    [InlineData(DocTimestamp, " ")]
    public void ReturnsMissingGivenAbsentHeader(string? timestamp, string? signature)
        => Assert.Equal(SignatureVerdict.Missing, SlackSignature.Verify(DocSecret, timestamp, signature, Body(DocBody), DocNow).Verdict);

    [Theory]
    [InlineData("1531420618.5", DocSignature)]
    [InlineData("-1531420618", DocSignature)]
    [InlineData(DocTimestamp, "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData(DocTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData(DocTimestamp, "v0=a2114d57b48eac39")]
    [InlineData(DocTimestamp, "v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void ReturnsMalformedGivenBadHeaderShape(string timestamp, string signature)
        => Assert.Equal(SignatureVerdict.Malformed, SlackSignature.Verify(DocSecret, timestamp, signature, Body(DocBody), DocNow).Verdict);

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    public void ReturnsExpiredGivenTimestampOutsideFiveMinutes(int skewSeconds)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1531420618 + skewSeconds);

        Assert.Equal(SignatureVerdict.Expired, SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Body(DocBody), now).Verdict);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void ReturnsValidGivenTimestampAtWindowEdge(int skewSeconds)
        => Assert.True(SlackSignature.Verify(DocSecret, DocTimestamp, DocSignature, Body(DocBody), DateTimeOffset.FromUnixTimeSeconds(1531420618 + skewSeconds)).IsValid);
}

/// <summary>
/// Teams outgoing-webhook HMAC: base64(HMAC-SHA256(base64-decoded security token, raw body)) in "Authorization: HMAC ...".
/// The expected value was computed independently (Python hmac/hashlib) from the same token and body.
/// </summary>
public sealed class TeamsSignature_Verify
{
    private const string Body = """{"type":"message","id":"1485983408511","text":"<at>Dex</at> hello"}""";
    private const string Expected = "HMAC 52yyFN69BrM/jmsh4YVc7/k4mqWzBeJkTCR5MfR0tQc=";

    private static readonly byte[] Key = TeamsSignature.DecodeKey(ChatRequests.TeamsToken)!;

    [Fact]
    public void DecodesBase64TokenGivenSecurityToken()
        => Assert.Equal("secret-teams-token-0123456789abcdef", Encoding.UTF8.GetString(Key));

    [Fact]
    public void ReturnsKnownVectorGivenTokenAndBody()
        => Assert.Equal(Expected, TeamsSignature.Sign(Key, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void ReturnsValidGivenKnownVector()
        => Assert.Equal(SignatureVerdict.Valid, TeamsSignature.Verify(Key, Expected, Encoding.UTF8.GetBytes(Body)).Verdict);

    [Fact]
    public void ReturnsValidGivenLowerCaseScheme()
        => Assert.True(TeamsSignature.Verify(Key, "hmac " + Expected[5..], Encoding.UTF8.GetBytes(Body)).IsValid);

    [Fact]
    public void ReturnsInvalidGivenTamperedBody()
        => Assert.Equal(SignatureVerdict.Invalid, TeamsSignature.Verify(Key, Expected, Encoding.UTF8.GetBytes(Body.Replace("hello", "make me admin", StringComparison.Ordinal))).Verdict);

    [Fact]
    public void ReturnsInvalidGivenWrongToken()
        => Assert.Equal(SignatureVerdict.Invalid, TeamsSignature.Verify(Encoding.UTF8.GetBytes("another-token"), Expected, Encoding.UTF8.GetBytes(Body)).Verdict);

    [Fact]
    public void ReturnsInvalidGivenTokenUsedWithoutBase64Decoding()
    {
        var wrong = TeamsSignature.Sign(Encoding.UTF8.GetBytes(ChatRequests.TeamsToken), Encoding.UTF8.GetBytes(Body));

        Assert.Equal(SignatureVerdict.Invalid, TeamsSignature.Verify(Key, wrong, Encoding.UTF8.GetBytes(Body)).Verdict);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ReturnsMissingGivenNoAuthorizationHeader(string? header)
        => Assert.Equal(SignatureVerdict.Missing, TeamsSignature.Verify(Key, header, Encoding.UTF8.GetBytes(Body)).Verdict);

    [Theory]
    [InlineData("Bearer 52yyFN69BrM/jmsh4YVc7/k4mqWzBeJkTCR5MfR0tQc=")]
    [InlineData("HMAC not-base64!!")]
    [InlineData("HMAC AAAA")]
    [InlineData("52yyFN69BrM/jmsh4YVc7/k4mqWzBeJkTCR5MfR0tQc=")]
    public void ReturnsMalformedGivenBadAuthorizationHeader(string header)
        => Assert.Equal(SignatureVerdict.Malformed, TeamsSignature.Verify(Key, header, Encoding.UTF8.GetBytes(Body)).Verdict);

    [Theory]
    [InlineData(null)]
    [InlineData("not base64 at all")]
    public void ReturnsNullGivenUnusableToken(string? token) => Assert.Null(TeamsSignature.DecodeKey(token));
}

/// <summary>Dex's own signature (DESIGN §5): sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)); vector computed with Python hmac.</summary>
public sealed class DexWebhookSignature_Verify
{
    private const string Body = """{"id":"m-1","requester":"sarah@acme.com","text":"Reset my password"}""";
    private const string Expected = "sha256=1bd461be419c6216ab41934f31cced29721999a9a49de035c7f4c4c84197d169";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1700000000 + 10);

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ReturnsKnownVectorGivenSecretTimestampAndBody()
        => Assert.Equal(Expected, DexWebhookSignature.Sign(ChatRequests.WebhookSecret, 1700000000, Bytes(Body)));

    [Fact]
    public void ReturnsValidGivenKnownVector()
        => Assert.True(DexWebhookSignature.Verify(ChatRequests.WebhookSecret, "1700000000", Expected, Bytes(Body), Now).IsValid);

    [Fact]
    public void ReturnsInvalidGivenTamperedBody()
        => Assert.Equal(SignatureVerdict.Invalid, DexWebhookSignature.Verify(ChatRequests.WebhookSecret, "1700000000", Expected, Bytes(Body.Replace("sarah", "admin", StringComparison.Ordinal)), Now).Verdict);

    [Fact]
    public void ReturnsInvalidGivenWrongSecret()
        => Assert.Equal(SignatureVerdict.Invalid, DexWebhookSignature.Verify("another-secret", "1700000000", Expected, Bytes(Body), Now).Verdict);

    [Fact]
    public void ReturnsMissingGivenNoTimestamp()
        => Assert.Equal(SignatureVerdict.Missing, DexWebhookSignature.Verify(ChatRequests.WebhookSecret, null, Expected, Bytes(Body), Now).Verdict);

    [Fact]
    public void ReturnsMalformedGivenSlackStylePrefix()
        => Assert.Equal(SignatureVerdict.Malformed, DexWebhookSignature.Verify(ChatRequests.WebhookSecret, "1700000000", "v0=" + Expected[7..], Bytes(Body), Now).Verdict);

    [Fact]
    public void ReturnsExpiredGivenSixMinuteOldTimestamp()
        => Assert.Equal(SignatureVerdict.Expired, DexWebhookSignature.Verify(ChatRequests.WebhookSecret, "1700000000", Expected, Bytes(Body), Now.AddMinutes(6)).Verdict);
}

public sealed class ReplayCache_TryRecord
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReturnsFalseGivenSameKeyInsideWindow()
    {
        var cache = new ReplayCache();

        Assert.True(cache.TryRecord("k", T0.AddMinutes(5), T0));
        Assert.False(cache.TryRecord("k", T0.AddMinutes(5), T0.AddMinutes(4)));
        Assert.True(cache.TryRecord("other", T0.AddMinutes(5), T0));
    }

    [Fact]
    public void ReturnsTrueGivenSameKeyAfterExpiry()
    {
        var cache = new ReplayCache();
        cache.TryRecord("k", T0.AddMinutes(5), T0);

        Assert.True(cache.TryRecord("k", T0.AddMinutes(11), T0.AddMinutes(6)));
    }

    [Fact]
    public void ReturnsTrueGivenForgottenKey()
    {
        var cache = new ReplayCache();
        cache.TryRecord("k", T0.AddMinutes(5), T0);

        cache.Forget("k");

        Assert.True(cache.TryRecord("k", T0.AddMinutes(5), T0));
    }

    [Fact]
    public void StaysBoundedGivenMoreKeysThanCapacity()
    {
        var cache = new ReplayCache(capacity: 100);

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(cache.TryRecord("k" + i, T0.AddMinutes(5).AddSeconds(i), T0));
        }

        Assert.Equal(100, cache.Count);
        Assert.False(cache.TryRecord("k999", T0.AddMinutes(30), T0));
    }

    [Fact]
    public void PurgesExpiredEntriesGivenLaterRecord()
    {
        var cache = new ReplayCache();
        for (var i = 0; i < 50; i++)
        {
            cache.TryRecord("k" + i, T0.AddMinutes(5), T0);
        }

        cache.TryRecord("late", T0.AddMinutes(15), T0.AddMinutes(10));

        Assert.Equal(1, cache.Count);
    }
}

public sealed class TeamsActivity_CleanText
{
    [Theory]
    [InlineData("<at>Dex</at> Reset my password", "Reset my password")]
    [InlineData("<at>Dex</at>&nbsp;Add <at>Sarah Cohen</at> to Finance-Admins", "Add Sarah Cohen to Finance-Admins")]
    [InlineData("<p><at>dex</at> Update my mobile to +1 415 555 0123</p>", "Update my mobile to +1 415 555 0123")]
    [InlineData("<at>HelpBot</at> unlock tom@acme.com", "unlock tom@acme.com")]
    [InlineData("<div><at>Dex</at> Reset MFA for tom@acme.com,<br>he got a new phone</div>", "Reset MFA for tom@acme.com,\nhe got a new phone")]
    [InlineData("<at>Dex</at> Add sarah@acme.com to R&amp;D &lt;team&gt;", "Add sarah@acme.com to R&D <team>")]
    [InlineData("<at>Dex</at>", "")]
    [InlineData(null, "")]
    public void ReturnsPlainTextGivenTeamsHtml(string? html, string expected)
        => Assert.Equal(expected, TeamsActivity.CleanText(html, "Dex"));

    [Fact]
    public void ReadsSenderAndIdGivenOutgoingWebhookActivity()
    {
        var json = ChatRequests.TeamsActivityJson("1700000000123", "6a1f0d3c-0000-4000-8000-000000000001", "<at>Dex</at> hi");

        var activity = TeamsActivity.Parse(Encoding.UTF8.GetBytes(json))!;

        Assert.Equal("message", activity.Type);
        Assert.Equal("1700000000123", activity.Id);
        Assert.Equal("6a1f0d3c-0000-4000-8000-000000000001", activity.FromAadObjectId);
        Assert.Equal("Someone", activity.FromName);
        Assert.StartsWith("19:abc@thread.skype", activity.ConversationId, StringComparison.Ordinal);
        Assert.NotNull(activity.Timestamp);
        Assert.Empty(activity.ReadAttachments().Readable);
        Assert.Empty(activity.ReadAttachments().Unreadable);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{oops")]
    [InlineData("\"text\"")]
    public void ReturnsNullGivenNonObjectBody(string json) => Assert.Null(TeamsActivity.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void ReadsDataUrlAttachmentGivenInlineImage()
    {
        var json = """{"type":"message","id":"1","attachments":[{"contentType":"image/png","name":"me.png","contentUrl":"data:image/png;base64,iVBORw0KGgo="},{"contentType":"image/*","name":"x.png","contentUrl":"https://teams.example/x.png"}]}""";

        var (readable, unreadable) = TeamsActivity.Parse(Encoding.UTF8.GetBytes(json))!.ReadAttachments();

        var a = Assert.Single(readable);
        Assert.Equal(("me.png", "image/png", "iVBORw0KGgo="), (a.Name, a.ContentType, a.ContentBase64));
        Assert.Equal(["x.png"], unreadable);
    }
}
