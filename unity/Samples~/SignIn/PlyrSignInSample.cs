// plyr-kit sample: sign in with PLYR[ID] + 2FA code, or play as a guest (Instant PlayPass), in a WebGL build.
// Add this component to any GameObject of your first scene, fill in Game Id / Signer Url / Api Base in the
// Inspector, and build for WebGL with the "PlyrKit" WebGL template (see the WebGLTemplate sample).
// The UI is IMGUI (OnGUI) so that the sample needs no other package; use your own UI in a real game.
using System;
using System.Threading.Tasks;
using Plyr;
using UnityEngine;

public sealed class PlyrSignInSample : MonoBehaviour
{
    [Tooltip("Your game's PLYR[ID] (the plyrId of its API key).")]
    public string gameId = "my-game";
    [Tooltip("Your signing endpoint (plyr-kit/server), absolute or relative to the page.")]
    public string signerUrl = "/plyr/sign";
    [Tooltip("https://api-testnet.plyr.network while testing; empty for mainnet.")]
    public string apiBase = "https://api-testnet.plyr.network";

    private PlyrKit _plyr;
    private string _plyrId = "";
    private string _otp = "";
    private string _status = "Starting…";
    private string _claimingCode;
    private bool _busy = true;

    private async void Start()
    {
        _plyr = PlyrKit.Create();
        _plyr.LoggedIn += e => _status = "Signed in as " + e.Session.PlyrId + " (" + e.Method + ")";
        _plyr.LoggedOut += e => _status = "Signed out (" + e.Reason + ")";
        _plyr.GuestClaimed += plyrId => _status = "Your guest account was claimed: log in with your PLYR[ID]";
        _plyr.Error += e => Debug.LogWarning("plyr-kit: " + e.Code + " " + e.Message);
        await Run(async () =>
        {
            var session = await _plyr.Init(new PlyrConfig { GameId = gameId, SignerUrl = signerUrl, ApiBase = apiBase });
            _status = session == null ? "Not signed in" : "Welcome back, " + session.PlyrId;
        });
    }

    /// <summary>Runs one call: shows a wait state, and turns a failure into a message for the player.</summary>
    private async Task Run(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (PlyrException e)
        {
            switch (e.Code)
            {
                case PlyrErrorCode.InvalidOtp: _status = "Wrong code, try again"; break;
                case PlyrErrorCode.OtpAlreadyUsed: _status = "Code already used: wait for the next one"; break;
                case PlyrErrorCode.AccountLocked:
                    _status = "Too many wrong codes: wait " + ((e.RetryAfterMs ?? 60000) / 1000) + " s";
                    break;
                case PlyrErrorCode.WebGLOnly: _status = "plyr-kit runs in WebGL builds only"; break;
                default: _status = e.Code + ": " + e.Message; break;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void OnGUI()
    {
        GUILayout.BeginArea(new Rect(20, 20, 360, 400));
        GUILayout.Label(_status);
        if (_claimingCode != null) GUILayout.Label("Claiming code: " + _claimingCode);
        GUI.enabled = !_busy;
        var session = _plyr == null ? null : _plyr.Session;
        if (session == null)
        {
            GUILayout.Label("PLYR[ID]");
            _plyrId = GUILayout.TextField(_plyrId, 64);
            GUILayout.Label("2FA code");
            _otp = GUILayout.TextField(_otp, 6);
            if (GUILayout.Button("Log in")) _ = Run(async () => { await _plyr.Login(_plyrId.Trim(), _otp.Trim()); _otp = ""; });
            // The platform's hosted login in an overlay: no code to type.
            if (GUILayout.Button("Continue with PLYR[CONNECT]")) _ = Run(() => _plyr.Connect());
            if (GUILayout.Button("Play as guest")) _ = Run(() => _plyr.RegisterGuest());
        }
        else if (session.IsGuest)
        {
            if (GUILayout.Button("Keep this account (claiming code)"))
                _ = Run(async () => _claimingCode = (await _plyr.RevealClaimingCode()).Code);
            if (GUILayout.Button("Forget this guest")) _ = Run(() => _plyr.Logout(true));
        }
        else if (GUILayout.Button("Log out"))
        {
            _ = Run(() => _plyr.Logout());
        }
        GUI.enabled = true;
        GUILayout.EndArea();
    }
}
