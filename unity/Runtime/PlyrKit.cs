// The MonoBehaviour of the bridge: Unity delivers the page's messages to its OnPlyrResponse/OnPlyrEvent (by the
// GameObject's name), it hands them to a PlyrClient, and it offers that client's API. WebGL players talk to the
// page through PlyrKit.jslib; in the Editor and other players every call fails with PlyrWebGLOnlyException.
using System;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using UnityEngine;

namespace Plyr
{
    /// <summary>
    /// PLYR sign-in and MG+ real play for Unity WebGL. Put it on a GameObject (or call <see cref="Create"/>), then
    /// <c>await PlyrKit.Instance.Init(config)</c> and call <see cref="Login"/>, <see cref="RegisterGuest"/>,
    /// <see cref="RealPlayAuthenticate"/>, ...
    /// </summary>
    [DisallowMultipleComponent]
    public sealed class PlyrKit : MonoBehaviour
    {
        /// <summary>The name <see cref="Create"/> gives its GameObject (and where the page answers before Init).</summary>
        public const string DefaultGameObjectName = "PlyrKit";

        /// <summary>The live instance (the first one that woke up), or null.</summary>
        public static PlyrKit Instance { get; private set; }

        private PlyrClient _client;

        /// <summary>Creates a GameObject named "PlyrKit" with this component, kept across scene loads.</summary>
        public static PlyrKit Create()
        {
            if (Instance != null) return Instance;
            var go = new GameObject(DefaultGameObjectName);
            DontDestroyOnLoad(go);
            return go.AddComponent<PlyrKit>();
        }

        /// <summary>True in a WebGL player (not the Editor): the only place where the bridge works.</summary>
        public static bool IsSupported
        {
            get
            {
#if UNITY_WEBGL && !UNITY_EDITOR
                return Application.platform == RuntimePlatform.WebGLPlayer;
#else
                return false;
#endif
            }
        }

        /// <summary>The client (created on first use).</summary>
        public PlyrClient Client
        {
            get
            {
                if (_client == null)
                {
                    IPlyrChannel channel = IsSupported ? (IPlyrChannel)new WebGLChannel() : new UnsupportedChannel();
                    _client = new PlyrClient(channel, gameObject.name, message => Debug.LogWarning(message));
                }
                return _client;
            }
        }

        private void Awake()
        {
            if (Instance != null && Instance != this)
            {
                Debug.LogWarning("plyr-kit: a second PlyrKit component was ignored; use PlyrKit.Instance");
                return;
            }
            Instance = this;
        }

        private void OnDestroy()
        {
            if (Instance == this) Instance = null;
        }

        // --- messages from the page (SendMessage targets; the names are part of the protocol) ---

        /// <summary>Receives <c>{ id, ok, result | error }</c>.</summary>
        public void OnPlyrResponse(string json) { Client.HandleResponse(json); }

        /// <summary>Receives <c>{ event, data }</c>.</summary>
        public void OnPlyrEvent(string json) { Client.HandleEvent(json); }

        // --- the API (see PlyrClient) ---

        /// <summary>The current session as last reported by the page, or null.</summary>
        public Session Session { get { return Client.Session; } }

        public event Action<Session> Ready { add { Client.Ready += value; } remove { Client.Ready -= value; } }
        public event Action<Session> SessionChanged { add { Client.SessionChanged += value; } remove { Client.SessionChanged -= value; } }
        public event Action<LoginEvent> LoggedIn { add { Client.LoggedIn += value; } remove { Client.LoggedIn -= value; } }
        public event Action<LogoutEvent> LoggedOut { add { Client.LoggedOut += value; } remove { Client.LoggedOut -= value; } }
        public event Action<Session> GuestRegistered { add { Client.GuestRegistered += value; } remove { Client.GuestRegistered -= value; } }
        public event Action<ClaimingCode> ClaimCodeRevealed { add { Client.ClaimCodeRevealed += value; } remove { Client.ClaimCodeRevealed -= value; } }
        public event Action<string> GuestClaimed { add { Client.GuestClaimed += value; } remove { Client.GuestClaimed -= value; } }
        public event Action<PlyrException> Error { add { Client.Error += value; } remove { Client.Error -= value; } }
        public event Action<RealPlayPlayer> RealPlayAuthenticated { add { Client.RealPlayAuthenticated += value; } remove { Client.RealPlayAuthenticated -= value; } }
        public event Action<PlyrException> RealPlayError { add { Client.RealPlayError += value; } remove { Client.RealPlayError -= value; } }

        /// <summary>The real-play player as last reported by the page, or null.</summary>
        public RealPlayPlayer RealPlayer { get { return Client.RealPlayer; } }

        public Task<Session> Init(PlyrConfig config) { return Client.Init(config); }
        public Task<Session> GetSession() { return Client.GetSession(); }
        public Task<Session> Login(string plyrId, string otp, int? expiresIn = null) { return Client.Login(plyrId, otp, expiresIn); }
        public Task<Session> LoginAndApprove(string plyrId, string otp, string[] tokens, string[] amounts, int? expiresIn = null)
        {
            return Client.LoginAndApprove(plyrId, otp, tokens, amounts, expiresIn);
        }
        public Task<Session> Connect(string mode = PlyrConnectMode.Iframe, int? expiresIn = null, int? timeoutMs = null)
        {
            return Client.Connect(mode, expiresIn, timeoutMs);
        }
        public Task<Session> ConnectAndApprove(string[] tokens, string[] amounts, string mode = PlyrConnectMode.Iframe,
            string plyrId = null, int? expiresIn = null, int? timeoutMs = null)
        {
            return Client.ConnectAndApprove(tokens, amounts, mode, plyrId, expiresIn, timeoutMs);
        }
        public Task<Session> CompleteConnect() { return Client.CompleteConnect(); }
        public Task CancelConnect() { return Client.CancelConnect(); }
        public Task<Session> RegisterGuest(string[] tokens = null) { return Client.RegisterGuest(tokens); }
        public Task<ClaimingCode> RevealClaimingCode() { return Client.RevealClaimingCode(); }
        public Task<ClaimingCodeCheck> VerifyClaimingCode(string code) { return Client.VerifyClaimingCode(code); }
        public Task<Session> VerifySession() { return Client.VerifySession(); }
        public Task Logout(bool forgetGuest = false) { return Client.Logout(forgetGuest); }
        public Task<UserInfo> UserInfo(string plyrIdOrAddress = null) { return Client.UserInfo(plyrIdOrAddress); }
        public Task<string> Avatar(string plyrId = null) { return Client.Avatar(plyrId); }
        public Task<SessionClaims> VerifyJwtLocally(string jwt = null) { return Client.VerifyJwtLocally(jwt); }
        public Task<RealPlayPlayer> RealPlayAuthenticate(string launchToken = null) { return Client.RealPlayAuthenticate(launchToken); }
        public Task<RealPlayPlayer> GetRealPlayPlayer() { return Client.GetRealPlayPlayer(); }
        public Task<RealPlayPlayer> SetBet(double amount) { return Client.SetBet(amount); }
        public Task<RealPlayPlayer> UpdateBalance(double balance) { return Client.UpdateBalance(balance); }
        public Task<string> FormatAmount(double amount) { return Client.FormatAmount(amount); }

        /// <summary>The login panel over the canvas (see <see cref="PlyrClient.ShowLogin"/>); Unity's keyboard capture
        /// is released while it is open, so the player's keys reach the panel.</summary>
        public Task<PanelResult> ShowLogin() { return WithKeyboardReleased(Client.ShowLogin); }
        /// <summary>The guest or account panel (see <see cref="PlyrClient.ShowGuest"/>), keyboard released as for
        /// <see cref="ShowLogin"/>.</summary>
        public Task<PanelResult> ShowGuest() { return WithKeyboardReleased(Client.ShowGuest); }
        /// <summary>The real-play error panel (see <see cref="PlyrClient.ShowRealPlayError"/>); a
        /// <see cref="RealPlayAction"/>.</summary>
        public Task<string> ShowRealPlayError(PlyrException error, string lobbyUrl = null, bool? retry = null)
        {
            return WithKeyboardReleased(() => Client.ShowRealPlayError(error, lobbyUrl, retry));
        }

#if UNITY_WEBGL && !UNITY_EDITOR
        private int _panelsOpen;
        private bool _keyboardCaptured;
#endif

        /// <summary>
        /// Unity WebGL takes every key of the page (<c>WebGLInput.captureAllKeyboardInput</c>, on by default) before
        /// the page's own elements see it, so nothing could be typed into the panel. While a panel is open Unity only
        /// gets keys when its canvas has focus; the setting is restored when the last panel closes.
        /// </summary>
        private async Task<T> WithKeyboardReleased<T>(Func<Task<T>> show)
        {
#if UNITY_WEBGL && !UNITY_EDITOR
            if (_panelsOpen++ == 0)
            {
                _keyboardCaptured = WebGLInput.captureAllKeyboardInput;
                WebGLInput.captureAllKeyboardInput = false;
            }
            try { return await show(); }
            finally
            {
                if (--_panelsOpen == 0) WebGLInput.captureAllKeyboardInput = _keyboardCaptured;
            }
#else
            return await show();
#endif
        }

        /// <summary>Outside WebGL players: every call fails with <see cref="PlyrWebGLOnlyException"/>.</summary>
        private sealed class UnsupportedChannel : IPlyrChannel
        {
            public int Init(string configJson, string gameObjectName) { throw new PlyrWebGLOnlyException(); }
            public int Call(string requestId, string method, string argsJson) { throw new PlyrWebGLOnlyException(); }
        }

        /// <summary>PlyrKit.jslib (only linked into WebGL players).</summary>
        private sealed class WebGLChannel : IPlyrChannel
        {
#if UNITY_WEBGL && !UNITY_EDITOR
            [DllImport("__Internal")] private static extern int PlyrKit_Init(string configJson, string gameObjectName);
            [DllImport("__Internal")] private static extern int PlyrKit_Call(string requestId, string method, string argsJson);
            public int Init(string configJson, string gameObjectName) { return PlyrKit_Init(configJson, gameObjectName); }
            public int Call(string requestId, string method, string argsJson) { return PlyrKit_Call(requestId, method, argsJson); }
#else
            public int Init(string configJson, string gameObjectName) { throw new PlyrWebGLOnlyException(); }
            public int Call(string requestId, string method, string argsJson) { throw new PlyrWebGLOnlyException(); }
#endif
        }
    }
}
