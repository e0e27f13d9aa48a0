// What the bridge's answers and events carry, read from the parsed JSON (see PlyrJson). Field names follow the
// JavaScript client's; times are milliseconds since the Unix epoch.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Plyr
{
    /// <summary>Typed reads of a parsed JSON object.</summary>
    internal static class JsonRead
    {
        public static Dictionary<string, object> Object(object value, string what)
        {
            var dict = value as Dictionary<string, object>;
            if (dict == null) throw new FormatException(what + " is not a JSON object");
            return dict;
        }

        public static string String(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) ? v as string : null;
        }

        public static bool Bool(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) && v is bool && (bool)v;
        }

        public static long Long(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) && v is double ? (long)(double)v : 0L;
        }

        public static long? NullableLong(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) && v is double ? (long?)(long)(double)v : null;
        }

        public static double Double(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) && v is double ? (double)v : 0d;
        }

        public static double? NullableDouble(Dictionary<string, object> o, string key)
        {
            object v;
            return o.TryGetValue(key, out v) && v is double ? (double?)(double)v : null;
        }
    }

    /// <summary>A signed-in player (or guest) of this game.</summary>
    [Serializable]
    public sealed class Session
    {
        /// <summary>The player's PLYR[ID] (lower-case).</summary>
        public string PlyrId;
        /// <summary>The game this session belongs to.</summary>
        public string GameId;
        /// <summary>The session JWT; <c>null</c> unless <see cref="PlyrConfig.ExposeSessionToken"/> is set.</summary>
        public string SessionJwt;
        /// <summary>The player's primary wallet address.</summary>
        public string PrimaryAddress;
        /// <summary>The player's mirror (in-game) wallet address.</summary>
        public string MirrorAddress;
        /// <summary>Avatar image URL.</summary>
        public string Avatar;
        /// <summary>True for an Instant PlayPass (guest) account.</summary>
        public bool IsGuest;
        /// <summary>True when this account was made by claiming a guest account.</summary>
        public bool Claimed;
        /// <summary>When the JWT was issued (ms since the epoch), or <c>null</c> when the JWT carries no <c>iat</c>.</summary>
        public long? IssuedAt;
        /// <summary>
        /// When the JWT expires (ms since the epoch), or <c>null</c> when it is unknown (the JWT carries no
        /// <c>exp</c>): such a session never ends on the local clock's word; the platform decides.
        /// </summary>
        public long? ExpiresAt;

        /// <summary><see cref="ExpiresAt"/> as a date; <c>null</c> when the expiry is unknown.</summary>
        public DateTimeOffset? Expires
        {
            get { return ExpiresAt.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt.Value) : (DateTimeOffset?)null; }
        }

        /// <summary>A session from a parsed message value; <c>null</c> for JSON <c>null</c>.</summary>
        public static Session FromJson(object value)
        {
            if (value == null) return null;
            var o = JsonRead.Object(value, "session");
            return new Session
            {
                PlyrId = JsonRead.String(o, "plyrId"),
                GameId = JsonRead.String(o, "gameId"),
                SessionJwt = JsonRead.String(o, "sessionJwt"),
                PrimaryAddress = JsonRead.String(o, "primaryAddress"),
                MirrorAddress = JsonRead.String(o, "mirrorAddress"),
                Avatar = JsonRead.String(o, "avatar"),
                IsGuest = JsonRead.Bool(o, "isGuest"),
                Claimed = JsonRead.Bool(o, "claimed"),
                IssuedAt = JsonRead.NullableLong(o, "issuedAt"),
                ExpiresAt = JsonRead.NullableLong(o, "expiresAt"),
            };
        }
    }

    /// <summary>A guest account's claiming code: the player enters it (or opens the URL) on the platform.</summary>
    [Serializable]
    public sealed class ClaimingCode
    {
        /// <summary><c>XXXX-XXXX-XXXX-XXXX</c>.</summary>
        public string Code;
        /// <summary>The platform page that claims the account with this code.</summary>
        public string Url;

        internal static ClaimingCode FromJson(object value)
        {
            var o = JsonRead.Object(value, "claiming code");
            return new ClaimingCode { Code = JsonRead.String(o, "claimingCode"), Url = JsonRead.String(o, "claimingUrl") };
        }
    }

    /// <summary>The answer of <see cref="PlyrClient.VerifyClaimingCode"/>.</summary>
    [Serializable]
    public sealed class ClaimingCodeCheck
    {
        /// <summary>The guest account the code belongs to.</summary>
        public string PlyrId;
        /// <summary>Whether the code was verified.</summary>
        public bool Verified;

        internal static ClaimingCodeCheck FromJson(object value)
        {
            var o = JsonRead.Object(value, "claiming code check");
            return new ClaimingCodeCheck { PlyrId = JsonRead.String(o, "plyrId"), Verified = JsonRead.Bool(o, "verified") };
        }
    }

    /// <summary>Public profile of a player.</summary>
    [Serializable]
    public sealed class UserInfo
    {
        public string PlyrId;
        public string PrimaryAddress;
        public string MirrorAddress;
        public long ChainId;
        public string Avatar;
        /// <summary>As the platform gives it (ISO 8601 text).</summary>
        public string CreatedAt;
        public bool IsGuest;
        public bool Claimed;

        internal static UserInfo FromJson(object value)
        {
            var o = JsonRead.Object(value, "user info");
            return new UserInfo
            {
                PlyrId = JsonRead.String(o, "plyrId"),
                PrimaryAddress = JsonRead.String(o, "primaryAddress"),
                MirrorAddress = JsonRead.String(o, "mirrorAddress"),
                ChainId = JsonRead.Long(o, "chainId"),
                Avatar = JsonRead.String(o, "avatar"),
                CreatedAt = JsonRead.String(o, "createdAt"),
                IsGuest = JsonRead.Bool(o, "isGuest"),
                Claimed = JsonRead.Bool(o, "claimed"),
            };
        }
    }

    /// <summary>Claims of a session JWT (from <see cref="PlyrClient.VerifyJwtLocally"/>).</summary>
    [Serializable]
    public sealed class SessionClaims
    {
        public string PlyrId;
        public long Nonce;
        public string GameId;
        public string PrimaryAddress;
        public string MirrorAddress;
        /// <summary>Issued at, seconds since the epoch.</summary>
        public long Iat;
        /// <summary>Expiry, seconds since the epoch.</summary>
        public long Exp;

        internal static SessionClaims FromJson(object value)
        {
            var o = JsonRead.Object(value, "session claims");
            return new SessionClaims
            {
                PlyrId = JsonRead.String(o, "plyrId"),
                Nonce = JsonRead.Long(o, "nonce"),
                GameId = JsonRead.String(o, "gameId"),
                PrimaryAddress = JsonRead.String(o, "primaryAddress"),
                MirrorAddress = JsonRead.String(o, "mirrorAddress"),
                Iat = JsonRead.Long(o, "iat"),
                Exp = JsonRead.Long(o, "exp"),
            };
        }
    }

    /// <summary>How PLYR[CONNECT] shows the platform's hosted login page (<c>Connect</c>'s <c>mode</c>).</summary>
    public static class PlyrConnectMode
    {
        /// <summary>An overlay over the game (the default): it needs no click, so it works from any C# call.</summary>
        public const string Iframe = "iframe";
        /// <summary>A popup window. Browsers allow it only inside a click, which a C# call is not
        /// (<c>CONNECT_BLOCKED</c>).</summary>
        public const string Popup = "popup";
        /// <summary>The tab goes to the hosted page and comes back: the page reloads, the task never completes, and
        /// the sign-in finishes after the next <c>Init</c> (<c>LoggedIn</c> with method <c>connect</c>).</summary>
        public const string Redirect = "redirect";
    }

    /// <summary>How a session began (<see cref="LoginEvent.Method"/>).</summary>
    public static class PlyrLoginMethod
    {
        /// <summary>PLYR[ID] and a 2FA code (<c>Login</c>, <c>LoginAndApprove</c>).</summary>
        public const string Otp = "otp";
        /// <summary>A new Instant PlayPass (guest) account.</summary>
        public const string Guest = "guest";
        /// <summary>The stored session came back after a page load.</summary>
        public const string Restore = "restore";
        /// <summary>PLYR[CONNECT], also when the page finished a redirect attempt by itself after the return.</summary>
        public const string Connect = "connect";
    }

    /// <summary>A session began: how (<c>otp</c>, <c>guest</c>, <c>restore</c>, <c>connect</c>).</summary>
    public sealed class LoginEvent
    {
        public Session Session;
        /// <summary>One of <see cref="PlyrLoginMethod"/>.</summary>
        public string Method;
    }

    /// <summary>A session ended: whose and why (<c>user</c>, <c>expired</c>, <c>revoked</c>, <c>claimed</c>,
    /// <c>other-tab</c>).</summary>
    public sealed class LogoutEvent
    {
        public string PlyrId;
        public string Reason;
    }

    /// <summary>This package's version, sent with <see cref="PlyrConfig"/>: the page refuses a
    /// <c>plyr-kit.unity.umd.js</c> of another version.</summary>
    public static class PlyrPackage
    {
        /// <summary>The version in this package's package.json.</summary>
        public const string Version = "0.1.0";
    }

    /// <summary>How the JavaScript client is set up (sent as JSON to <c>PlyrKit.init</c>).</summary>
    [Serializable]
    public sealed class PlyrConfig
    {
        /// <summary>The game's PLYR[ID]. Leave it and <see cref="SignerUrl"/> empty for a real-play-only game
        /// (no PLYR sign-in).</summary>
        public string GameId;
        /// <summary>URL of the game's signing endpoint (absolute, or relative to the page).</summary>
        public string SignerUrl;
        /// <summary><c>relay</c> (default when empty: the endpoint forwards each call, no signature reaches the
        /// browser) or <c>sign</c> (only with an endpoint in <c>mode: 'sign'</c>).</summary>
        public string SignerMode;
        /// <summary>Platform origin, e.g. <c>https://api-testnet.plyr.network</c>. Default mainnet.</summary>
        public string ApiBase;
        /// <summary><c>indexeddb</c> (default) or <c>memory</c>.</summary>
        public string Storage;
        /// <summary>Per-request timeout in ms (0: the default, 10 000).</summary>
        public int TimeoutMs;
        /// <summary>Send the session JWT to C# (<see cref="Session.SessionJwt"/>). Default false.</summary>
        public bool ExposeSessionToken;
        /// <summary>Real play on MG+ (launch token, the studio's relay); null: none.</summary>
        public RealPlayConfig RealPlay;
        /// <summary>The sign-in panels of <c>ShowLogin</c>, <c>ShowGuest</c> and <c>ShowRealPlayError</c> (where
        /// they go, how they look); null: the defaults.</summary>
        public PlyrUiConfig Ui;

        /// <summary>The JSON text <c>PlyrKit.init</c> receives.</summary>
        public string ToJson()
        {
            var o = new Dictionary<string, object>();
            var plyr = RealPlay == null || !string.IsNullOrEmpty(GameId) || !string.IsNullOrEmpty(SignerUrl);
            if (plyr)
            {
                o["gameId"] = GameId;
                if (string.IsNullOrEmpty(SignerMode)) o["signer"] = SignerUrl;
                else o["signer"] = new Dictionary<string, object> { { "url", SignerUrl }, { "mode", SignerMode } };
            }
            if (RealPlay != null) o["realPlay"] = RealPlay.ToJsonObject();
            if (!string.IsNullOrEmpty(ApiBase)) o["apiBase"] = ApiBase;
            if (!string.IsNullOrEmpty(Storage)) o["storage"] = Storage;
            if (TimeoutMs > 0) o["timeoutMs"] = TimeoutMs;
            if (ExposeSessionToken) o["exposeSessionToken"] = true;
            if (Ui != null) o["ui"] = Ui.ToJsonObject();
            o["unityPackage"] = PlyrPackage.Version;
            return PlyrJson.Serialize(o);
        }
    }

    /// <summary>
    /// The page's sign-in panels (<c>plyr-kit.ui.umd.js</c>, loaded on first use) that <c>ShowLogin</c>,
    /// <c>ShowGuest</c> and <c>ShowRealPlayError</c> open over the canvas. Every field is optional.
    /// </summary>
    [Serializable]
    public sealed class PlyrUiConfig
    {
        /// <summary>CSS selector of the element the panels cover. Default <c>#unity-canvas</c>, else the page's
        /// first canvas.</summary>
        public string Canvas;
        /// <summary>URL of <c>plyr-kit.ui.umd.js</c>. Default: next to <c>plyr-kit.unity.umd.js</c>.</summary>
        public string ScriptUrl;
        /// <summary>Colours and font: <c>background</c>, <c>panel</c>, <c>text</c>, <c>accent</c>,
        /// <c>accentText</c>, <c>error</c>, <c>fontFamily</c> (CSS values); <c>radius</c> in pixels, as text.</summary>
        public Dictionary<string, string> Theme;
        /// <summary>Texts of the panels by key (plyr-kit/ui's <c>PlyrStrings</c> and <c>RealPlayStrings</c>);
        /// missing ones are English.</summary>
        public Dictionary<string, string> Strings;
        /// <summary>What the game may spend (tokens such as <c>plyr</c>, one amount each as decimal text): the login
        /// panel says so and signs in with approval. Null: nothing.</summary>
        public string[] SpendTokens;
        /// <summary>The most the game may spend of each of <see cref="SpendTokens"/>.</summary>
        public string[] SpendAmounts;
        /// <summary>How long the approval (and the session) lasts, in seconds; 0: a day.</summary>
        public int SpendExpiresIn;
        /// <summary>Show the login panel's "Continue with PLYR[CONNECT]" button (default true).</summary>
        public bool ShowConnect = true;
        /// <summary>That button's <see cref="PlyrConnectMode"/>; null: a popup (opened by the player's click).</summary>
        public string ConnectMode;

        internal Dictionary<string, object> ToJsonObject()
        {
            var o = new Dictionary<string, object>();
            if (!string.IsNullOrEmpty(Canvas)) o["canvas"] = Canvas;
            if (!string.IsNullOrEmpty(ScriptUrl)) o["scriptUrl"] = ScriptUrl;
            if (Theme != null)
            {
                var theme = new Dictionary<string, object>();
                foreach (var entry in Theme)
                {
                    double px;
                    // The radius is a number of pixels; the others are CSS text.
                    if (entry.Key == "radius" && double.TryParse(entry.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out px))
                        theme[entry.Key] = px;
                    else theme[entry.Key] = entry.Value;
                }
                o["theme"] = theme;
            }
            if (Strings != null) o["strings"] = Strings;
            if (SpendTokens != null)
            {
                if (SpendAmounts == null || SpendAmounts.Length != SpendTokens.Length)
                    throw new ArgumentException("PlyrUiConfig: SpendAmounts needs one amount per token of SpendTokens");
                var tokens = new List<object>();
                for (var i = 0; i < SpendTokens.Length; i++)
                    tokens.Add(new Dictionary<string, object> { { "token", SpendTokens[i] }, { "amount", SpendAmounts[i] } });
                var spend = new Dictionary<string, object> { { "tokens", tokens } };
                if (SpendExpiresIn > 0) spend["expiresIn"] = SpendExpiresIn;
                o["spend"] = spend;
            }
            if (!ShowConnect) o["connect"] = false;
            else if (!string.IsNullOrEmpty(ConnectMode)) o["connect"] = new Dictionary<string, object> { { "mode", ConnectMode } };
            return o;
        }
    }

    /// <summary>How a sign-in panel (<c>ShowLogin</c>, <c>ShowGuest</c>) ended.</summary>
    [Serializable]
    public sealed class PanelResult
    {
        /// <summary>The session after the panel; null when there is none (cancelled before signing in, or after a
        /// claim or a log out in the guest panel).</summary>
        public Session Session;
        /// <summary>True when the player left with Back (or the panel was closed by a newer one).</summary>
        public bool Cancelled;

        internal static PanelResult FromJson(object value)
        {
            var o = JsonRead.Object(value, "panel result");
            object session;
            o.TryGetValue("session", out session);
            return new PanelResult { Session = Session.FromJson(session), Cancelled = JsonRead.Bool(o, "cancelled") };
        }
    }
}
