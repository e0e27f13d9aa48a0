// plyr-kit sample: sign in with PLYR[ID] + 2FA code, PLYR[CONNECT], or as a guest (Instant PlayPass), in a WebGL
// build, with no sign-in UI of its own: ShowLogin() and ShowGuest() open plyr-kit's panels over the canvas.
// Add this component to any GameObject of your first scene, fill in Game Id / Signer Url / Api Base in the
// Inspector, and build for WebGL with the "PlyrKit" WebGL template (see the WebGLTemplate sample), with
// plyr-kit.ui.umd.js copied next to plyr-kit.unity.umd.js. The two buttons are IMGUI (OnGUI) so that the sample
// needs no other package.
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
    private string _status = "Starting…";
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
            // The panels explain every sign-in failure to the player themselves; what is left is set-up.
            _status = e.Code == PlyrErrorCode.WebGLOnly ? "plyr-kit runs in WebGL builds only" : e.Code + ": " + e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private void OnGUI()
    {
        GUILayout.BeginArea(new Rect(20, 20, 360, 200));
        GUILayout.Label(_status);
        GUI.enabled = !_busy;
        var session = _plyr == null ? null : _plyr.Session;
        if (session == null)
        {
            // The login panel: PLYR[ID] + code, PLYR[CONNECT], "Play as guest", Back (Cancelled).
            if (GUILayout.Button("Sign in"))
                _ = Run(async () =>
                {
                    var result = await _plyr.ShowLogin();
                    if (result.Cancelled) _status = "Not signed in";
                });
        }
        else if (GUILayout.Button(session.IsGuest ? "Keep this account" : "Account"))
        {
            // A guest keeps the account there (claiming code, QR); a full account sees its allowances and Log out.
            _ = Run(() => _plyr.ShowGuest());
        }
        GUI.enabled = true;
        GUILayout.EndArea();
    }
}
