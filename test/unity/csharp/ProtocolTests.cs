// Tests of the C# half of the bridge, run with Mono by test/unity/csharp.test.ts. Three modes:
//   unit             message (de)serialisation, matching answers by id, events, errors, WebGL-only behaviour
//   requests <otp> <launchToken> <expiredLaunchToken>
//                    prints, one JSON line each, the calls the typed API sends (the Jest test runs them through the
//                    real JavaScript bridge)
//   replay <file>    feeds the real bridge's answers and events of those calls back into the typed API
// Exit code 0 when every check passed.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Plyr;

internal sealed class FakeChannel : IPlyrChannel
{
    public int InitResult = 1;
    public int CallResult = 1;
    public readonly List<string[]> Calls = new List<string[]>();
    public readonly List<string[]> Inits = new List<string[]>();

    public int Init(string configJson, string gameObjectName)
    {
        Inits.Add(new[] { configJson, gameObjectName });
        return InitResult;
    }

    public int Call(string requestId, string method, string argsJson)
    {
        Calls.Add(new[] { requestId, method, argsJson });
        return CallResult;
    }

    public string[] Last { get { return Calls[Calls.Count - 1]; } }
}

internal static partial class Program
{
    private static int _checks;
    private static readonly List<string> Failures = new List<string>();

    private static void Check(bool condition, string what)
    {
        _checks++;
        if (!condition) Failures.Add(what);
    }

    private static void Equal(object expected, object actual, string what)
    {
        Check(Equals(expected, actual), what + ": expected <" + expected + "> got <" + actual + ">");
    }

    private static PlyrException Faulted(Task task, string what)
    {
        Check(task.IsFaulted, what + ": task should have failed (status " + task.Status + ")");
        if (!task.IsFaulted) return null;
        var e = task.Exception.InnerException as PlyrException;
        Check(e != null, what + ": should fail with a PlyrException, got " + task.Exception.InnerException);
        return e;
    }

    private static int Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "unit";
        try
        {
            if (mode == "unit") Unit();
            else if (mode == "requests") { Requests(args[1], args[2], args[3]); return 0; }
            else if (mode == "replay") Replay(args[1]);
            else { Console.Error.WriteLine("unknown mode " + mode); return 2; }
        }
        catch (Exception e)
        {
            Failures.Add("crashed: " + e);
        }
        foreach (var failure in Failures) Console.WriteLine("FAIL " + failure);
        Console.WriteLine(mode + ": " + _checks + " checks, " + Failures.Count + " failed");
        return Failures.Count == 0 ? 0 : 1;
    }

    // ---------------------------------------------------------------- unit

    private static void Unit()
    {
        JsonReading();
        JsonWriting();
        ConfigJson();
        RequestsAndAnswers();
        ConcurrentAnswersById();
        Errors();
        Events();
        BadMessagesNeverThrow();
        ScriptMissingAndRefusedConfig();
        WebGLOnly();
        RealPlay();
        Panels();
    }

    private static void JsonReading()
    {
        var v = (Dictionary<string, object>)PlyrJson.Parse(
            " {\"a\":1,\"b\":[true,false,null],\"c\":\"x\\\"y\\\\z\\n\\u00e9\\u2713\",\"d\":-1.5e3,\"e\":{},\"t\":1735689600123} ");
        Equal(1.0, v["a"], "number");
        var list = (List<object>)v["b"];
        Equal(3, list.Count, "array length");
        Equal(true, list[0], "true");
        Equal(null, list[2], "null");
        Equal("x\"y\\z\n\u00e9\u2713", v["c"], "escapes");
        Equal(-1500.0, v["d"], "exponent");
        Equal(0, ((Dictionary<string, object>)v["e"]).Count, "empty object");
        Equal(1735689600123L, (long)(double)v["t"], "millisecond timestamps are exact");
        Equal("é ✓", PlyrJson.Parse("\"é ✓\""), "raw UTF-16 text");
        foreach (var bad in new[] { "", "{", "{\"a\"}", "[1,]", "{\"a\":1,}", "tru", "\"open", "1 2", "{'a':1}", "\"\\x\"", "[\"\u0001\"]" })
        {
            var threw = false;
            try { PlyrJson.Parse(bad); } catch (FormatException) { threw = true; }
            Check(threw, "bad JSON refused: " + bad);
        }
        var deep = new string('[', 100) + new string(']', 100);
        var tooDeep = false;
        try { PlyrJson.Parse(deep); } catch (FormatException) { tooDeep = true; }
        Check(tooDeep, "nesting is bounded");
    }

    private static void JsonWriting()
    {
        var o = new Dictionary<string, object>
        {
            { "s", "quote\" back\\ nl\n tab\t ctl\u0001 ls\u2028 é" },
            { "n", 42 }, { "l", 1735689600123L }, { "d", 1.5 }, { "b", false }, { "z", null },
            { "arr", new[] { "a", "b" } }, { "list", new List<object> { 1, "x" } },
        };
        var json = PlyrJson.Serialize(o);
        Equal("{\"s\":\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 ls\\u2028 é\",\"n\":42,\"l\":1735689600123,\"d\":1.5,\"b\":false,\"z\":null,\"arr\":[\"a\",\"b\"],\"list\":[1,\"x\"]}", json, "serialised");
        var back = (Dictionary<string, object>)PlyrJson.Parse(json);
        Equal(o["s"], back["s"], "string round trip");
    }

    private static void ConfigJson()
    {
        Equal("{\"gameId\":\"my-game\",\"signer\":\"/plyr/sign\",\"unityPackage\":\"" + PlyrPackage.Version + "\"}",
            new PlyrConfig { GameId = "my-game", SignerUrl = "/plyr/sign" }.ToJson(), "minimal config");
        Equal("{\"gameId\":\"g\",\"signer\":{\"url\":\"https://x/relay\",\"mode\":\"relay\"},\"apiBase\":\"https://api-testnet.plyr.network\",\"storage\":\"memory\",\"timeoutMs\":5000,\"exposeSessionToken\":true,\"unityPackage\":\"" + PlyrPackage.Version + "\"}",
            new PlyrConfig
            {
                GameId = "g", SignerUrl = "https://x/relay", SignerMode = "relay", ApiBase = "https://api-testnet.plyr.network",
                Storage = "memory", TimeoutMs = 5000, ExposeSessionToken = true,
            }.ToJson(), "full config");
    }

    private const string SessionJson =
        "{\"plyrId\":\"demo-player\",\"gameId\":\"my-game\",\"primaryAddress\":\"0xAb\",\"mirrorAddress\":\"0xCd\",\"avatar\":\"https://a/b.png\",\"isGuest\":false,\"claimed\":false,\"issuedAt\":1735689600000,\"expiresAt\":1735776000000}";

    private static void RequestsAndAnswers()
    {
        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "Auth");
        var init = client.Init(new PlyrConfig { GameId = "my-game", SignerUrl = "/plyr/sign" });
        Equal("Auth", channel.Inits[0][1], "init names the GameObject");
        Equal("ready", channel.Last[1], "init waits for ready");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":null}");
        Check(init.Status == TaskStatus.RanToCompletion && init.Result == null, "init resolves with no session");

        var login = client.Login("demo-player", "123456", 3600);
        Equal("login", channel.Last[1], "method");
        Equal("{\"plyrId\":\"demo-player\",\"otp\":\"123456\",\"expiresIn\":3600}", channel.Last[2], "login args");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":" + SessionJson + "}");
        Check(login.Status == TaskStatus.RanToCompletion, "login resolved");
        var s = login.Result;
        Equal("demo-player", s.PlyrId, "plyrId");
        Equal("my-game", s.GameId, "gameId");
        Equal(null, s.SessionJwt, "no token unless exposed");
        Equal(1735776000000L, s.ExpiresAt, "expiresAt");
        Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), s.Expires, "Expires");
        Equal(0, client.PendingCount, "nothing pending");

        // A JWT without `exp`: the expiry is unknown, not 1970.
        var unknown = client.Login("demo-player", "123456");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":" + SessionJson.Replace("1735776000000", "null") + "}");
        Check(unknown.Result.ExpiresAt == null, "expiresAt null: unknown");
        Check(unknown.Result.Expires == null, "expiresAt null: no Expires");

        client.LoginAndApprove("demo-player", "654321", new[] { "gamr", "plyr" }, new[] { "5", "1.25" });
        Equal("{\"plyrId\":\"demo-player\",\"otp\":\"654321\",\"tokens\":[\"gamr\",\"plyr\"],\"amounts\":[\"5\",\"1.25\"]}", channel.Last[2], "approve args");
        client.RegisterGuest();
        Equal("", channel.Last[2], "no args: empty text");
        client.Logout(true);
        Equal("{\"forgetGuest\":true}", channel.Last[2], "logout args");
        client.Logout();
        Equal("", channel.Last[2], "plain logout");
        client.UserInfo("0xAbC");
        Equal("{\"plyrIdOrAddress\":\"0xAbC\"}", channel.Last[2], "userInfo args");
        client.VerifyClaimingCode("ABCD-0123-4567-89EF");
        Equal("{\"code\":\"ABCD-0123-4567-89EF\"}", channel.Last[2], "claiming code args");
        client.Connect();
        Equal("connect", channel.Last[1], "connect method");
        Equal("{\"mode\":\"iframe\"}", channel.Last[2], "connect: iframe by default (no click in C#)");
        client.Connect(PlyrConnectMode.Popup, 3600, 60000);
        Equal("{\"mode\":\"popup\",\"expiresIn\":3600,\"timeoutMs\":60000}", channel.Last[2], "connect args");
        var connect = client.Connect(null);
        Equal("", channel.Last[2], "connect without a mode: the page's default (iframe)");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":" + SessionJson + "}");
        Equal("demo-player", connect.Result.PlyrId, "connect resolves with the session");
        client.ConnectAndApprove(new[] { "plyr" }, new[] { "5" }, PlyrConnectMode.Redirect, "demo-player", 600);
        Equal("{\"mode\":\"redirect\",\"expiresIn\":600,\"action\":\"loginAndApprove\",\"tokens\":[\"plyr\"],\"amounts\":[\"5\"],\"plyrId\":\"demo-player\"}",
            channel.Last[2], "connectAndApprove args");
        client.ConnectAndApprove(new[] { "gamr" }, new[] { "1.5" }, timeoutMs: 1000);
        Equal("{\"mode\":\"iframe\",\"timeoutMs\":1000,\"action\":\"loginAndApprove\",\"tokens\":[\"gamr\"],\"amounts\":[\"1.5\"]}",
            channel.Last[2], "connectAndApprove defaults");
        var completed = client.CompleteConnect();
        Equal("completeConnect", channel.Last[1], "completeConnect method");
        Equal("", channel.Last[2], "completeConnect args");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":null}");
        Check(completed.Status == TaskStatus.RanToCompletion && completed.Result == null, "nothing to complete: null");
        client.CancelConnect();
        Equal("cancelConnect", channel.Last[1], "cancelConnect method");
        Equal("", channel.Last[2], "cancelConnect args");
        var ids = channel.Calls.Select(c => c[0]).ToList();
        Equal(ids.Count, ids.Distinct().Count(), "request ids are unique");
    }

    private static void ConcurrentAnswersById()
    {
        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "PlyrKit");
        var info = client.UserInfo("second-player");
        var infoId = channel.Last[0];
        var avatar = client.Avatar();
        var avatarId = channel.Last[0];
        var code = client.RevealClaimingCode();
        var codeId = channel.Last[0];
        var check = client.VerifyClaimingCode("ABCD-0123-4567-89EF");
        var checkId = channel.Last[0];
        var claims = client.VerifyJwtLocally();
        var claimsId = channel.Last[0];
        Equal(5, client.PendingCount, "five pending");
        // Answers in another order than the calls.
        client.HandleResponse("{\"id\":\"" + claimsId + "\",\"ok\":true,\"result\":{\"plyrId\":\"demo-player\",\"nonce\":7,\"gameId\":\"g\",\"primaryAddress\":\"0x1\",\"mirrorAddress\":\"0x2\",\"iat\":1735689600,\"exp\":1735776000}}");
        client.HandleResponse("{\"id\":\"" + codeId + "\",\"ok\":true,\"result\":{\"claimingCode\":\"ABCD-0123-4567-89EF\",\"claimingUrl\":\"https://p/claim\"}}");
        client.HandleResponse("{\"id\":\"" + avatarId + "\",\"ok\":true,\"result\":\"https://a/x.png\"}");
        client.HandleResponse("{\"id\":\"" + checkId + "\",\"ok\":true,\"result\":{\"plyrId\":\"guest-1\",\"verified\":true}}");
        client.HandleResponse("{\"id\":\"" + infoId + "\",\"ok\":true,\"result\":{\"plyrId\":\"second-player\",\"primaryAddress\":\"0x3\",\"mirrorAddress\":\"0x4\",\"chainId\":16180,\"avatar\":\"https://a/y.png\",\"createdAt\":\"2025-01-01T00:00:00.000Z\",\"isGuest\":false,\"claimed\":true}}");
        Equal("second-player", info.Result.PlyrId, "userInfo matched");
        Equal(16180L, info.Result.ChainId, "chainId");
        Equal(true, info.Result.Claimed, "claimed");
        Equal("https://a/x.png", avatar.Result, "avatar matched");
        Equal("ABCD-0123-4567-89EF", code.Result.Code, "claiming code matched");
        Equal("https://p/claim", code.Result.Url, "claiming url");
        Equal(true, check.Result.Verified, "verified");
        Equal(7L, claims.Result.Nonce, "claims matched");
        Equal(1735776000L, claims.Result.Exp, "exp");
        Equal(0, client.PendingCount, "all answered");
    }

    private static void Errors()
    {
        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "PlyrKit");
        var login = client.Login("demo-player", "123456");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"OTP_ALREADY_USED\",\"message\":\"Code already used\",\"retryAfterMs\":12000}}");
        var e = Faulted(login, "reused code");
        Equal(PlyrErrorCode.OtpAlreadyUsed, e.Code, "code");
        Equal("Code already used", e.Message, "message");
        Equal((long?)12000, e.RetryAfterMs, "retryAfterMs");

        var logout = client.Logout();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"GUEST_ACCOUNT\",\"message\":\"Guest\",\"retryAfterMs\":null}}");
        e = Faulted(logout, "guest logout");
        Equal(PlyrErrorCode.GuestAccount, e.Code, "guest code");
        Equal(null, e.RetryAfterMs, "null retryAfterMs");

        var connect = client.Connect();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"CONNECT_DENIED\",\"message\":\"PLYR[CONNECT]: User rejected the request\",\"retryAfterMs\":null}}");
        Equal(PlyrErrorCode.ConnectDenied, Faulted(connect, "declined on the hosted page").Code, "connect denied");
        var codes = new[]
        {
            PlyrErrorCode.ConnectBlocked, PlyrErrorCode.ConnectClosed, PlyrErrorCode.ConnectTimeout,
            PlyrErrorCode.ConnectDenied, PlyrErrorCode.ConnectRejected,
        };
        Equal("CONNECT_BLOCKED,CONNECT_CLOSED,CONNECT_TIMEOUT,CONNECT_DENIED,CONNECT_REJECTED", string.Join(",", codes), "CONNECT_* codes");

        var weird = client.GetSession();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false}");
        Equal(PlyrErrorCode.Internal, Faulted(weird, "error without details").Code, "no error object");

        var wrongShape = client.GetSession();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":[1]}");
        Check(wrongShape.IsFaulted && wrongShape.Exception.InnerException is FormatException, "a result of the wrong shape fails the task");
    }

    private static void Events()
    {
        var client = new PlyrClient(new FakeChannel(), "PlyrKit");
        var seen = new List<string>();
        client.Ready += s => seen.Add("ready:" + (s == null ? "none" : s.PlyrId));
        client.SessionChanged += s => seen.Add("session:" + (s == null ? "none" : s.PlyrId));
        client.LoggedIn += e => seen.Add("login:" + e.Session.PlyrId + ":" + e.Method);
        client.LoggedIn += e => { throw new InvalidOperationException("a game's handler failed"); };
        client.LoggedIn += e => seen.Add("login-after-throw");
        client.LoggedOut += e => seen.Add("logout:" + e.PlyrId + ":" + e.Reason);
        client.GuestRegistered += s => seen.Add("guest:" + s.IsGuest);
        client.ClaimCodeRevealed += c => seen.Add("code:" + c.Code);
        client.GuestClaimed += id => seen.Add("claimed:" + id);
        client.Error += e => seen.Add("error:" + e.Code + ":" + e.RetryAfterMs);

        client.HandleEvent("{\"event\":\"ready\",\"data\":{\"session\":null}}");
        client.HandleEvent("{\"event\":\"login\",\"data\":{\"session\":" + SessionJson + ",\"method\":\"otp\"}}");
        // After a PLYR[CONNECT] redirect the page signs in by itself: this event is all the game hears of it.
        LoginEvent connected = null;
        client.LoggedIn += e => { if (e.Method == PlyrLoginMethod.Connect) connected = e; };
        client.HandleEvent("{\"event\":\"login\",\"data\":{\"session\":" + SessionJson + ",\"method\":\"connect\"}}");
        Check(connected != null && connected.Session.PlyrId == "demo-player", "login with method connect");
        Equal("otp,guest,restore,connect",
            string.Join(",", new[] { PlyrLoginMethod.Otp, PlyrLoginMethod.Guest, PlyrLoginMethod.Restore, PlyrLoginMethod.Connect }),
            "login methods");
        client.HandleEvent("{\"event\":\"session\",\"data\":{\"session\":" + SessionJson + "}}");
        Equal("demo-player", client.Session == null ? null : client.Session.PlyrId, "Session follows the events");
        client.HandleEvent("{\"event\":\"logout\",\"data\":{\"plyrId\":\"demo-player\",\"reason\":\"revoked\"}}");
        client.HandleEvent("{\"event\":\"session\",\"data\":{\"session\":null}}");
        Equal(null, client.Session, "signed out");
        client.HandleEvent("{\"event\":\"guest:registered\",\"data\":{\"session\":{\"plyrId\":\"red-apple-a1b2c3\",\"isGuest\":true}}}");
        client.HandleEvent("{\"event\":\"guest:claim-code\",\"data\":{\"claimingCode\":\"ABCD-0123-4567-89EF\",\"claimingUrl\":\"https://p\"}}");
        client.HandleEvent("{\"event\":\"guest:claimed\",\"data\":{\"plyrId\":\"red-apple-a1b2c3\"}}");
        client.HandleEvent("{\"event\":\"error\",\"data\":{\"code\":\"STORAGE\",\"message\":\"IndexedDB unavailable\",\"retryAfterMs\":null}}");
        Equal(string.Join(",", new[]
        {
            "ready:none", "login:demo-player:otp", "login-after-throw", "login:demo-player:connect", "login-after-throw",
            "session:demo-player", "logout:demo-player:revoked",
            "session:none", "guest:True", "code:ABCD-0123-4567-89EF", "claimed:red-apple-a1b2c3", "error:STORAGE:",
        }), string.Join(",", seen), "events in order, a throwing handler does not stop the others");
    }

    private static void BadMessagesNeverThrow()
    {
        var logged = new List<string>();
        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "PlyrKit", logged.Add);
        var pending = client.GetSession();
        foreach (var bad in new[] { null, "", "not json", "[]", "{\"ok\":true}", "{\"id\":\"999\",\"ok\":true}" })
            client.HandleResponse(bad);
        foreach (var bad in new[] { null, "{", "{\"event\":\"nope\",\"data\":{}}", "{\"event\":\"login\",\"data\":{\"session\":7}}" })
            client.HandleEvent(bad);
        Equal(10, logged.Count, "each bad message is logged");
        Check(!pending.IsCompleted, "a stray answer does not complete another request");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":null}");
        Check(pending.Status == TaskStatus.RanToCompletion, "the real answer still does");
    }

    private static void ScriptMissingAndRefusedConfig()
    {
        var channel = new FakeChannel { InitResult = -1, CallResult = -1 };
        var client = new PlyrClient(channel, "PlyrKit");
        Equal(PlyrErrorCode.ScriptMissing, Faulted(client.Init(new PlyrConfig { GameId = "g", SignerUrl = "/s" }), "init without the script").Code, "init");
        Equal(PlyrErrorCode.ScriptMissing, Faulted(client.GetSession(), "call without the script").Code, "call");
        Equal(0, client.PendingCount, "nothing left pending");

        channel = new FakeChannel { InitResult = 0 };
        client = new PlyrClient(channel, "PlyrKit");
        var init = client.Init(new PlyrConfig { GameId = "Bad Game", SignerUrl = "/s" });
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"NOT_INITIALIZED\",\"message\":\"PlyrKit.init failed: Invalid gameId\",\"retryAfterMs\":null}}");
        var e = Faulted(init, "refused config");
        Equal(PlyrErrorCode.NotInitialized, e.Code, "refused config code");
        Check(e.Message.Contains("Invalid gameId"), "the reason reaches C#");
    }

    private static void WebGLOnly()
    {
        Check(!PlyrKit.IsSupported, "not supported outside WebGL players");
        var kit = PlyrKit.Create();
        Check(PlyrKit.Instance == kit, "Create sets Instance");
        Equal(PlyrKit.DefaultGameObjectName, kit.gameObject.name, "GameObject name");
        Check(PlyrKit.Create() == kit, "Create is idempotent");
        var init = kit.Init(new PlyrConfig { GameId = "g", SignerUrl = "/s" });
        Check(Faulted(init, "Init in the Editor") is PlyrWebGLOnlyException, "Init: WebGL only");
        var login = kit.Login("demo-player", "123456");
        var e = Faulted(login, "Login in the Editor");
        Check(e is PlyrWebGLOnlyException, "Login: WebGL only");
        Equal(PlyrErrorCode.WebGLOnly, e.Code, "code");
        Check(e.Message.Contains("WebGL"), "message says WebGL");
        kit.OnPlyrResponse("garbage");
        kit.OnPlyrEvent("{\"event\":\"ready\",\"data\":{\"session\":null}}");
        Equal(null, kit.Session, "messages are still handled");
    }

    // ---------------------------------------------------------------- requests / replay

    /// <summary>The typed calls whose messages the JavaScript bridge must accept (in this order).</summary>
    private static List<Func<PlyrClient, Task>> Script(string otp, string launchToken, string expiredLaunchToken)
    {
        return new List<Func<PlyrClient, Task>>
        {
            c => c.Init(new PlyrConfig { GameId = "unused", SignerUrl = "/unused" }),
            c => c.Login("Demo-Player", otp, 3600),
            c => c.GetSession(),
            c => c.VerifySession(),
            c => c.UserInfo(),
            c => c.UserInfo("second-player"),
            c => c.Avatar(),
            c => c.Avatar("second-player"),
            c => c.VerifyJwtLocally(),
            c => c.Login("demo-player", otp),
            c => c.Logout(),
            c => c.RegisterGuest(new[] { "gamr" }),
            c => c.RevealClaimingCode(),
            c => c.Logout(),
            c => c.VerifyClaimingCode("ABCD-0123-4567-89EF"),
            c => c.Logout(true),
            c => c.UserInfo("nobody-here"),
            c => c.CompleteConnect(),
            c => c.CancelConnect(),
            c => c.Connect(PlyrConnectMode.Popup, 3600),
            // The iframe by default: the Jest run approves it on the sandbox's hosted page.
            c => c.Connect(expiresIn: 3600),
            c => c.Logout(),
            // Real play (the Jest run's bridge is set up with a relay in front of the sandbox's MG+).
            c => c.RealPlayAuthenticate(launchToken),
            c => c.SetBet(9999),
            c => c.UpdateBalance(1495.5),
            c => c.FormatAmount(10),
            c => c.GetRealPlayPlayer(),
            c => c.RealPlayAuthenticate(expiredLaunchToken),
        };
    }

    private static void Requests(string otp, string launchToken, string expiredLaunchToken)
    {
        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "PlyrKit");
        foreach (var step in Script(otp, launchToken, expiredLaunchToken)) step(client);
        foreach (var call in channel.Calls)
            Console.WriteLine(PlyrJson.Serialize(new Dictionary<string, object> { { "method", call[1] }, { "args", call[2] } }));
    }

    private static void Replay(string file)
    {
        var recorded = (Dictionary<string, object>)PlyrJson.Parse(File.ReadAllText(file));
        var otp = (string)recorded["otp"];
        var answers = (List<object>)recorded["responses"];
        var channel = new FakeChannel();
        var logged = new List<string>();
        var client = new PlyrClient(channel, "PlyrKit", logged.Add);
        var events = new List<string>();
        client.Ready += s => events.Add("ready");
        client.SessionChanged += s => events.Add("session");
        client.LoggedIn += e => events.Add("login:" + e.Method + ":" + e.Session.PlyrId);
        client.LoggedOut += e => events.Add("logout:" + e.Reason);
        client.GuestRegistered += s => events.Add("guest:registered:" + s.IsGuest);
        client.ClaimCodeRevealed += c => events.Add("guest:claim-code:" + (c.Code != null && c.Url != null));
        client.GuestClaimed += id => events.Add("guest:claimed");
        client.Error += e => events.Add("error:" + e.Code);
        client.RealPlayAuthenticated += p => events.Add("realplay:authenticated:" + p.PlayerId);
        client.RealPlayError += e => events.Add("realplay:error:" + e.MgPlusCode);

        var script = Script(otp, "launch-token", "expired-launch-token");
        Equal(script.Count, answers.Count, "one recorded answer per call");
        var results = new List<Task>();
        for (var i = 0; i < script.Count && i < answers.Count; i++)
        {
            var task = script[i](client);
            // Answer with this call's id (the recording has the ids of the Jest run).
            var answer = (Dictionary<string, object>)PlyrJson.Parse((string)answers[i]);
            answer["id"] = channel.Last[0];
            client.HandleResponse(PlyrJson.Serialize(answer));
            Check(task.IsCompleted, "call " + i + " answered");
            results.Add(task);
        }
        foreach (var e in (List<object>)recorded["events"]) client.HandleEvent((string)e);
        Equal(0, logged.Count, "every real message was understood: " + string.Join("; ", logged));

        var login = ((Task<Session>)results[1]).Result;
        Equal("demo-player", login.PlyrId, "login");
        Equal(null, login.SessionJwt, "no token");
        Check(login.ExpiresAt - login.IssuedAt == 3600000, "expiresIn honoured");
        Check(login.PrimaryAddress.StartsWith("0x") && login.MirrorAddress.StartsWith("0x"), "addresses");
        Equal("demo-player", ((Task<Session>)results[2]).Result.PlyrId, "session");
        Equal("demo-player", ((Task<Session>)results[3]).Result.PlyrId, "verifySession");
        Equal("demo-player", ((Task<UserInfo>)results[4]).Result.PlyrId, "userInfo");
        Check(((Task<UserInfo>)results[5]).Result.ChainId > 0, "chainId");
        Equal(login.Avatar, ((Task<string>)results[6]).Result, "avatar");
        // The sandbox serves its avatars itself (its IPFS stand-in), on its own http:// origin.
        Check(((Task<string>)results[7]).Result.Contains("/sandbox/ipfs/"), "avatar of another player");
        var claims = ((Task<SessionClaims>)results[8]).Result;
        Check(claims.Exp > claims.Iat && claims.Iat > 1600000000, "claims in seconds");
        Equal(PlyrErrorCode.OtpAlreadyUsed, Faulted(results[9], "reused code").Code, "reused code");
        Check(Faulted(results[9], "reused code").RetryAfterMs > 0, "retryAfterMs");
        Check(results[10].Status == TaskStatus.RanToCompletion, "logout");
        Check(((Task<Session>)results[11]).Result.IsGuest, "guest");
        Check(((Task<ClaimingCode>)results[12]).Result.Code.Length == 19, "claiming code");
        Equal(PlyrErrorCode.GuestAccount, Faulted(results[13], "guest logout").Code, "guest logout");
        Equal(PlyrErrorCode.ClaimingCodeNotFound, Faulted(results[14], "unknown code").Code, "unknown claiming code");
        Check(results[15].Status == TaskStatus.RanToCompletion, "forget guest");
        Equal(PlyrErrorCode.UserNotFound, Faulted(results[16], "nobody").Code, "user not found");
        Equal(null, ((Task<Session>)results[17]).Result, "completeConnect with nothing stored");
        Check(results[18].Status == TaskStatus.RanToCompletion, "cancelConnect");
        // No window to open in the test's page: the popup is "blocked", as a browser blocks one outside a click.
        Equal(PlyrErrorCode.ConnectBlocked, Faulted(results[19], "popup").Code, "connect popup");
        var connected = ((Task<Session>)results[20]).Result;
        Equal("demo-player", connected.PlyrId, "connect");
        Equal(null, connected.SessionJwt, "no token from connect either");
        Check(connected.ExpiresAt - connected.IssuedAt == 3600000, "connect: expiresIn honoured");
        Check(results[21].Status == TaskStatus.RanToCompletion, "logout after connect");
        Equal(null, client.Session, "signed out at the end");

        // Real play: the IDR player as MG+ reports it, through the relay and the page.
        var idr = ((Task<RealPlayPlayer>)results[22]).Result;
        Equal("44-10000-00003", idr.PlayerId, "real play: player");
        Equal(1500.5, idr.Balance, "real play: balance as reported");
        Equal("idr", idr.Currency, "real play: currency");
        Equal(1000L, idr.CurrencyTruncation, "real play: truncation");
        Equal("IDR\u00a01,500.50", idr.FormattedBalance, "real play: formatted balance");
        Equal(1500500.0, idr.RealBalance, "real play: real amount for reporting");
        Equal(1.0, idr.BetLimits.Min, "real play: min bet");
        Equal((double?)5000.0, idr.BetLimits.Max, "real play: max bet");
        Equal(10.0, idr.BetLimits.Default, "real play: default bet");
        Equal((double?)50000.0, idr.MaxExposure, "real play: liability cap");
        Check(idr.LobbyUrl.StartsWith("https://") && idr.DepositUrl.StartsWith("https://"), "real play: lobby and deposit");
        Equal(recorded["sessionId"], idr.SessionId, "real play: the relay's session id");
        Equal(null, idr.PlayerToken, "real play: no player token");
        Equal(5000.0, ((Task<RealPlayPlayer>)results[23]).Result.Bet, "real play: bet clamped to the maximum");
        var afterRound = ((Task<RealPlayPlayer>)results[24]).Result;
        Equal("IDR\u00a01,495.50", afterRound.FormattedBalance, "real play: balance after a round");
        Equal(recorded["formatted10"], ((Task<string>)results[25]).Result, "real play: an amount formatted");
        Equal(1495.5, ((Task<RealPlayPlayer>)results[26]).Result.Balance, "real play: the player");
        var expired = Faulted(results[27], "expired launch");
        Equal(PlyrErrorCode.PlayerUnauthorized, expired.Code, "real play: expired launch token");
        Equal("PLAYER_UNAUTHORIZED", expired.MgPlusCode, "real play: MG+ code");
        Equal(false, expired.Retryable, "real play: not retryable");
        // (The replay feeds the events after all answers: the last one kept is the authenticated event's player.)
        Equal("44-10000-00003", client.RealPlayer.PlayerId, "real play: the player is kept after a refusal");

        Equal(string.Join(",", new[]
        {
            "ready", "login:otp:demo-player", "session", "logout:user", "session", "login:guest:" + ((Task<Session>)results[11]).Result.PlyrId,
            "session", "guest:registered:True", "guest:claim-code:True", "logout:user", "session",
            "login:connect:demo-player", "session", "logout:user", "session",
            "realplay:authenticated:44-10000-00003", "realplay:error:PLAYER_UNAUTHORIZED",
        }), string.Join(",", events), "events");
    }
}
