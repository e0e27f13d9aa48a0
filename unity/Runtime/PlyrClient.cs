// The C# half of the bridge without any UnityEngine type: it sends requests to the page through an IPlyrChannel
// (the .jslib in a WebGL player), matches each answer to its request by id, and raises C# events for the page's
// events. PlyrKit (the MonoBehaviour) owns one and feeds it the messages Unity delivers.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;

namespace Plyr
{
    /// <summary>The way to the page: <c>PlyrKit_Init</c> and <c>PlyrKit_Call</c> of PlyrKit.jslib.</summary>
    public interface IPlyrChannel
    {
        /// <summary>1: initialised; 0: configuration refused; -1: plyr-kit.unity.umd.js missing.</summary>
        int Init(string configJson, string gameObjectName);
        /// <summary>1: handed over (the answer will come); -1: plyr-kit.unity.umd.js missing.</summary>
        int Call(string requestId, string method, string argsJson);
    }

    /// <summary>The PLYR client as C# sees it: every call of the JavaScript client, as a Task.</summary>
    public sealed class PlyrClient
    {
        private readonly IPlyrChannel _channel;
        private readonly string _gameObjectName;
        private readonly Action<string> _log;
        private readonly Dictionary<string, TaskCompletionSource<object>> _pending =
            new Dictionary<string, TaskCompletionSource<object>>();
        private long _nextId;

        /// <param name="channel">The way to the page.</param>
        /// <param name="gameObjectName">The GameObject whose OnPlyrResponse/OnPlyrEvent receive the messages.</param>
        /// <param name="log">Where problems that cannot be thrown go (default: nowhere).</param>
        public PlyrClient(IPlyrChannel channel, string gameObjectName, Action<string> log = null)
        {
            if (channel == null) throw new ArgumentNullException("channel");
            _channel = channel;
            _gameObjectName = gameObjectName;
            _log = log ?? (_ => { });
        }

        /// <summary>The current session as last reported by the page, or null.</summary>
        public Session Session { get; private set; }

        /// <summary>The real-play player as last reported by the page (after <c>RealPlayAuthenticate</c>,
        /// <c>SetBet</c>, <c>UpdateBalance</c>), or null.</summary>
        public RealPlayPlayer RealPlayer { get; private set; }

        /// <summary>Requests still waiting for their answer.</summary>
        public int PendingCount { get { return _pending.Count; } }

        /// <summary>The stored session was restored (or there was none). Once per Init.</summary>
        public event Action<Session> Ready;
        /// <summary>Any change of the current session (null: signed out).</summary>
        public event Action<Session> SessionChanged;
        /// <summary>A session began.</summary>
        public event Action<LoginEvent> LoggedIn;
        /// <summary>A session ended.</summary>
        public event Action<LogoutEvent> LoggedOut;
        /// <summary>An Instant PlayPass (guest) account was created.</summary>
        public event Action<Session> GuestRegistered;
        /// <summary>A claiming code was revealed for the guest account.</summary>
        public event Action<ClaimingCode> ClaimCodeRevealed;
        /// <summary>The guest account was claimed by its player (its PLYR[ID] is given); the guest session is gone.</summary>
        public event Action<string> GuestClaimed;
        /// <summary>A failure not tied to a call (background verify, storage, a refused configuration).</summary>
        public event Action<PlyrException> Error;
        /// <summary>Real play: a player was authenticated.</summary>
        public event Action<RealPlayPlayer> RealPlayAuthenticated;
        /// <summary>Real play: authentication failed (the same error <c>RealPlayAuthenticate</c> fails with).</summary>
        public event Action<PlyrException> RealPlayError;

        /// <summary>Creates the JavaScript client and resolves with the restored session (or null).</summary>
        public Task<Session> Init(PlyrConfig config)
        {
            if (config == null) throw new ArgumentNullException("config");
            int status;
            try { status = _channel.Init(config.ToJson(), _gameObjectName); }
            catch (Exception e) { return Fail<Session>(e); }
            if (status < 0) return Fail<Session>(ScriptMissing());
            // Refused or not, "ready" answers: the session, or NOT_INITIALIZED with the reason.
            return AwaitReady();
        }

        private Task<Session> AwaitReady() { return Map(Call("ready", null), Session.FromJson); }

        /// <summary>The current session (asks the page).</summary>
        public Task<Session> GetSession() { return Map(Call("session", null), Session.FromJson); }

        /// <summary>Log in with a PLYR[ID] and the 6-digit code of the player's authenticator app.</summary>
        public Task<Session> Login(string plyrId, string otp, int? expiresIn = null)
        {
            return Map(Call("login", OtpArgs(plyrId, otp, expiresIn)), Session.FromJson);
        }

        /// <summary>Log in and approve the game to spend tokens (one amount per token, as decimal text).</summary>
        public Task<Session> LoginAndApprove(string plyrId, string otp, string[] tokens, string[] amounts, int? expiresIn = null)
        {
            var args = OtpArgs(plyrId, otp, expiresIn);
            args["tokens"] = tokens;
            args["amounts"] = amounts;
            return Map(Call("loginAndApprove", args), Session.FromJson);
        }

        /// <summary>
        /// Sign in with PLYR[CONNECT]: the player approves on the platform's hosted login page, no code to type. The
        /// session is verified in the page before it is used. See <see cref="PlyrConnectMode"/> for the modes.
        /// </summary>
        /// <param name="mode">A <see cref="PlyrConnectMode"/>; the iframe overlay by default (a popup needs a click,
        /// which a C# call is not).</param>
        /// <param name="expiresIn">Session lifetime in whole seconds (default 86 400).</param>
        /// <param name="timeoutMs">How long the attempt may take (default 300 000); then <c>CONNECT_TIMEOUT</c>.</param>
        public Task<Session> Connect(string mode = PlyrConnectMode.Iframe, int? expiresIn = null, int? timeoutMs = null)
        {
            return Map(Call("connect", ConnectArgs(mode, expiresIn, timeoutMs)), Session.FromJson);
        }

        /// <summary>PLYR[CONNECT] with approval to spend tokens (one amount per token, as decimal text);
        /// <paramref name="plyrId"/> is suggested on the hosted page.</summary>
        public Task<Session> ConnectAndApprove(string[] tokens, string[] amounts, string mode = PlyrConnectMode.Iframe,
            string plyrId = null, int? expiresIn = null, int? timeoutMs = null)
        {
            var args = ConnectArgs(mode, expiresIn, timeoutMs);
            args["action"] = "loginAndApprove";
            args["tokens"] = tokens;
            args["amounts"] = amounts;
            if (plyrId != null) args["plyrId"] = plyrId;
            return Map(Call("connect", args), Session.FromJson);
        }

        /// <summary>Finishes a redirect-mode PLYR[CONNECT] after the return (the page also does it by itself after
        /// <c>Init</c>); null when no attempt is stored.</summary>
        public Task<Session> CompleteConnect() { return Map(Call("completeConnect", null), Session.FromJson); }

        /// <summary>Ends the PLYR[CONNECT] attempt in flight (its task fails with <c>CONNECT_CLOSED</c>).</summary>
        public Task CancelConnect() { return Call("cancelConnect", null); }

        /// <summary>Create an Instant PlayPass (guest) account and sign in to it (or keep the current guest).</summary>
        public Task<Session> RegisterGuest(string[] tokens = null)
        {
            var args = new Dictionary<string, object>();
            if (tokens != null) args["tokens"] = tokens;
            return Map(Call("registerGuest", args), Session.FromJson);
        }

        /// <summary>Reveal a (new) claiming code for the current guest account.</summary>
        public Task<ClaimingCode> RevealClaimingCode() { return Map(Call("revealClaimingCode", null), ClaimingCode.FromJson); }

        /// <summary>Check a claiming code.</summary>
        public Task<ClaimingCodeCheck> VerifyClaimingCode(string code)
        {
            return Map(Call("verifyClaimingCode", new Dictionary<string, object> { { "code", code } }), ClaimingCodeCheck.FromJson);
        }

        /// <summary>Ask the platform whether the session is still valid; null when there is none.</summary>
        public Task<Session> VerifySession() { return Map(Call("verifySession", null), Session.FromJson); }

        /// <summary>Log out. A guest is only forgotten with <paramref name="forgetGuest"/> (else GUEST_ACCOUNT).</summary>
        public Task Logout(bool forgetGuest = false)
        {
            var args = new Dictionary<string, object>();
            if (forgetGuest) args["forgetGuest"] = true;
            return Call("logout", args);
        }

        /// <summary>Public profile of a player (default: the signed-in one).</summary>
        public Task<UserInfo> UserInfo(string plyrIdOrAddress = null)
        {
            return Map(Call("userInfo", Optional("plyrIdOrAddress", plyrIdOrAddress)), Plyr.UserInfo.FromJson);
        }

        /// <summary>Avatar URL of a player (default: the signed-in one).</summary>
        public Task<string> Avatar(string plyrId = null)
        {
            return Map(Call("avatar", Optional("plyrId", plyrId)), v => v as string);
        }

        /// <summary>Verify a session JWT (default: the current one) locally: signature, expiry and game.</summary>
        public Task<SessionClaims> VerifyJwtLocally(string jwt = null)
        {
            return Map(Call("verifyJwtLocally", Optional("jwt", jwt)), SessionClaims.FromJson);
        }

        // --- the page's sign-in panels (plyr-kit/ui, loaded on first use) ---

        /// <summary>
        /// Shows the login panel over the canvas: PLYR[ID] and 2FA code, "Continue with PLYR[CONNECT]", "Play as
        /// guest" and Back, every failure explained to the player. Completes when the panel closes: with the session
        /// once signed in, or <see cref="PanelResult.Cancelled"/> after Back. Looks and texts:
        /// <see cref="PlyrConfig.Ui"/>. Fails (<c>NETWORK</c>) only when <c>plyr-kit.ui.umd.js</c> cannot be loaded.
        /// Keyboard: see <c>PlyrKit.ShowLogin</c>, which releases Unity's keyboard capture while the panel is open.
        /// </summary>
        public Task<PanelResult> ShowLogin() { return Map(Call("showLogin", null), PanelResult.FromJson); }

        /// <summary>
        /// Shows the guest panel: creates an Instant PlayPass (guest) account when there is none, and lets the guest
        /// keep it (claiming code, link, QR code); a full account sees what the game may spend and Log out.
        /// Completes with the session when the panel closes (null after a claim or a log out).
        /// </summary>
        public Task<PanelResult> ShowGuest() { return Map(Call("showGuest", null), PanelResult.FromJson); }

        /// <summary>
        /// Shows why real play failed (the <see cref="PlyrException"/> of <c>RealPlayAuthenticate</c> or of a round),
        /// with "Back to the casino" when there is a lobby (<paramref name="lobbyUrl"/>, default the player's
        /// <see cref="RealPlayPlayer.LobbyUrl"/>) and "Try again" when trying can help (or as <paramref name="retry"/>
        /// says). Completes with the player's <see cref="RealPlayAction"/>.
        /// </summary>
        public Task<string> ShowRealPlayError(PlyrException error, string lobbyUrl = null, bool? retry = null)
        {
            if (error == null) throw new ArgumentNullException("error");
            var failure = new Dictionary<string, object> { { "code", error.Code }, { "message", error.Message } };
            if (error.RetryAfterMs.HasValue) failure["retryAfterMs"] = error.RetryAfterMs.Value;
            var args = Optional("lobbyUrl", lobbyUrl);
            args["error"] = failure;
            if (retry.HasValue) args["retry"] = retry.Value;
            return Map(Call("showRealPlayError", args), v => v as string ?? RealPlayAction.Close);
        }

        // --- real play (MG+) ---

        /// <summary>
        /// Authenticates the MG+ launch through the studio's relay. The launch token is read from the page URL
        /// (<c>?launchToken=…</c>) unless given. Fails with <c>LAUNCH_TOKEN_MISSING</c>, <c>LAUNCH_TOKEN_INVALID</c>,
        /// <c>PLAYER_UNAUTHORIZED</c> (expired or unknown token; see <see cref="PlyrException.MgPlusCode"/>),
        /// <c>REGION_BLOCKED</c>, <c>NETWORK</c>, <c>TIMEOUT</c>, ...
        /// </summary>
        public Task<RealPlayPlayer> RealPlayAuthenticate(string launchToken = null)
        {
            return Map(Call("realPlayAuthenticate", Optional("launchToken", launchToken)), KeepRealPlayer);
        }

        /// <summary>The real-play player (asks the page); null before authentication.</summary>
        public Task<RealPlayPlayer> GetRealPlayPlayer() { return Map(Call("realPlayPlayer", null), KeepRealPlayer); }

        /// <summary>Sets the bet, clamped to the session's range (<see cref="RealPlayPlayer.BetLimits"/>).</summary>
        public Task<RealPlayPlayer> SetBet(double amount)
        {
            return Map(Call("realPlaySetBet", new Dictionary<string, object> { { "amount", amount } }), KeepRealPlayer);
        }

        /// <summary>Records the balance the studio's round server reported after a round (as MG+ reports it).</summary>
        public Task<RealPlayPlayer> UpdateBalance(double balance)
        {
            return Map(Call("realPlayUpdateBalance", new Dictionary<string, object> { { "balance", balance } }), KeepRealPlayer);
        }

        /// <summary>An amount (a bet, a win) formatted in the player's currency, as the balance is.</summary>
        public Task<string> FormatAmount(double amount)
        {
            return Map(Call("realPlayFormat", new Dictionary<string, object> { { "amount", amount } }), v => v as string);
        }

        private RealPlayPlayer KeepRealPlayer(object value)
        {
            RealPlayer = RealPlayPlayer.FromJson(value);
            return RealPlayer;
        }

        /// <summary>
        /// Sends one request; the task completes when the page answers with the same id. Any method name of the
        /// protocol works (for methods newer than this wrapper).
        /// </summary>
        public Task<object> Call(string method, Dictionary<string, object> args)
        {
            var id = (++_nextId).ToString(CultureInfo.InvariantCulture);
            var tcs = new TaskCompletionSource<object>();
            _pending[id] = tcs;
            int status;
            try
            {
                status = _channel.Call(id, method, args == null || args.Count == 0 ? "" : PlyrJson.Serialize(args));
            }
            catch (Exception e)
            {
                // A faulted task, never a throw: e.g. PlyrWebGLOnlyException outside WebGL players.
                _pending.Remove(id);
                tcs.TrySetException(e);
                return tcs.Task;
            }
            if (status < 0)
            {
                _pending.Remove(id);
                tcs.TrySetException(ScriptMissing());
            }
            return tcs.Task;
        }

        /// <summary>Feeds one <c>OnPlyrResponse</c> message. Never throws.</summary>
        public void HandleResponse(string json)
        {
            Dictionary<string, object> message;
            string id;
            try
            {
                message = JsonRead.Object(PlyrJson.Parse(json), "response");
                id = JsonRead.String(message, "id");
            }
            catch (FormatException e)
            {
                _log("plyr-kit: unreadable response: " + e.Message);
                return;
            }
            TaskCompletionSource<object> tcs;
            if (id == null || !_pending.TryGetValue(id, out tcs))
            {
                _log("plyr-kit: response to an unknown request id " + (id ?? "(none)"));
                return;
            }
            _pending.Remove(id);
            if (JsonRead.Bool(message, "ok"))
            {
                object result;
                message.TryGetValue("result", out result);
                tcs.TrySetResult(result);
            }
            else
            {
                object error;
                message.TryGetValue("error", out error);
                tcs.TrySetException(ToException(error));
            }
        }

        /// <summary>Feeds one <c>OnPlyrEvent</c> message. Never throws (a throwing handler is logged).</summary>
        public void HandleEvent(string json)
        {
            try
            {
                var message = JsonRead.Object(PlyrJson.Parse(json), "event");
                var name = JsonRead.String(message, "event");
                object data;
                message.TryGetValue("data", out data);
                Dispatch(name, data);
            }
            catch (Exception e)
            {
                _log("plyr-kit: event not handled: " + e);
            }
        }

        private void Dispatch(string name, object data)
        {
            var o = data as Dictionary<string, object>;
            switch (name)
            {
                case "ready":
                    Session = Session.FromJson(Field(o, "session"));
                    Raise(Ready, Session);
                    break;
                case "session":
                    Session = Session.FromJson(Field(o, "session"));
                    Raise(SessionChanged, Session);
                    break;
                case "login":
                    Raise(LoggedIn, new LoginEvent { Session = Session.FromJson(Field(o, "session")), Method = JsonRead.String(o, "method") });
                    break;
                case "logout":
                    Raise(LoggedOut, new LogoutEvent { PlyrId = JsonRead.String(o, "plyrId"), Reason = JsonRead.String(o, "reason") });
                    break;
                case "guest:registered":
                    Raise(GuestRegistered, Session.FromJson(Field(o, "session")));
                    break;
                case "guest:claim-code":
                    Raise(ClaimCodeRevealed, ClaimingCode.FromJson(data));
                    break;
                case "guest:claimed":
                    Raise(GuestClaimed, JsonRead.String(o, "plyrId"));
                    break;
                case "error":
                    Raise(Error, ToException(data));
                    break;
                case "realplay:authenticated":
                    Raise(RealPlayAuthenticated, KeepRealPlayer(data));
                    break;
                case "realplay:error":
                    Raise(RealPlayError, ToException(data));
                    break;
                default:
                    _log("plyr-kit: unknown event " + name);
                    break;
            }
        }

        private void Raise<T>(Action<T> handlers, T value)
        {
            if (handlers == null) return;
            // One throwing handler must not keep the others (or the bridge) from their message.
            foreach (Action<T> handler in handlers.GetInvocationList())
            {
                try { handler(value); }
                catch (Exception e) { _log("plyr-kit: an event handler threw: " + e); }
            }
        }

        /// <summary>The exception for a protocol error object <c>{ code, message, retryAfterMs, mgplusCode?,
        /// retryable? }</c>.</summary>
        public static PlyrException ToException(object error)
        {
            var o = error as Dictionary<string, object>;
            if (o == null) return new PlyrException(PlyrErrorCode.Internal, "Malformed error from the page");
            return new PlyrException(
                JsonRead.String(o, "code") ?? PlyrErrorCode.Internal,
                JsonRead.String(o, "message") ?? "",
                JsonRead.NullableLong(o, "retryAfterMs"),
                JsonRead.String(o, "mgplusCode"),
                JsonRead.Bool(o, "retryable"));
        }

        private static object Field(Dictionary<string, object> o, string key)
        {
            object v;
            return o != null && o.TryGetValue(key, out v) ? v : null;
        }

        private static Dictionary<string, object> OtpArgs(string plyrId, string otp, int? expiresIn)
        {
            var args = new Dictionary<string, object> { { "plyrId", plyrId }, { "otp", otp } };
            if (expiresIn.HasValue) args["expiresIn"] = expiresIn.Value;
            return args;
        }

        private static Dictionary<string, object> ConnectArgs(string mode, int? expiresIn, int? timeoutMs)
        {
            var args = Optional("mode", mode);
            if (expiresIn.HasValue) args["expiresIn"] = expiresIn.Value;
            if (timeoutMs.HasValue) args["timeoutMs"] = timeoutMs.Value;
            return args;
        }

        private static Dictionary<string, object> Optional(string key, string value)
        {
            var args = new Dictionary<string, object>();
            if (value != null) args[key] = value;
            return args;
        }

        private static PlyrException ScriptMissing()
        {
            return new PlyrException(PlyrErrorCode.ScriptMissing,
                "window.PlyrKit is missing: load plyr-kit.unity.umd.js in the WebGL template before the Unity loader");
        }

        private static Task<T> Fail<T>(Exception e)
        {
            var tcs = new TaskCompletionSource<T>();
            tcs.SetException(e);
            return tcs.Task;
        }

        private static async Task<T> Map<T>(Task<object> task, Func<object, T> convert)
        {
            return convert(await task);
        }
    }
}
