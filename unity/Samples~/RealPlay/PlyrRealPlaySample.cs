// plyr-kit sample: real play on MG+ in a WebGL build. The casino opens the game at its launch URL
// (…/index.html?launchToken=…); the page authenticates the launch through your MG+ relay (plyr-kit/server
// createRelayHandler) and the game shows the balance as MG+ reports it, the bet range and free-game offers.
// Rounds are played by YOUR game server: send it the player's SessionId (never a token) and the bet, and pass the
// balance it reports back to UpdateBalance. Add this component to a GameObject of your first scene, fill in the
// relay, provider and game in the Inspector, and build for WebGL with the "PlyrKit" WebGL template.
using System;
using System.Threading.Tasks;
using Plyr;
using UnityEngine;

public sealed class PlyrRealPlaySample : MonoBehaviour
{
    [Tooltip("Your MG+ relay (plyr-kit/server createRelayHandler), absolute or relative to the page.")]
    public string relayUrl = "/mg";
    [Tooltip("Your MG+ provider id.")]
    public string provider = "my-studio";
    [Tooltip("This game's MG+ id.")]
    public string game = "my-game";

    private PlyrKit _plyr;
    private RealPlayPlayer _player;
    private string _status = "Starting…";
    private string _betText = "";
    private bool _busy = true;

    private async void Start()
    {
        _plyr = PlyrKit.Create();
        _plyr.RealPlayAuthenticated += player => _player = player;
        await Run(async () =>
        {
            // Real play only: no PLYR sign-in (no GameId / SignerUrl).
            await _plyr.Init(new PlyrConfig { RealPlay = new RealPlayConfig { RelayUrl = relayUrl, Provider = provider, Game = game } });
            _player = await _plyr.RealPlayAuthenticate(); // the launch token comes from the page URL
            _betText = _player.Bet.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _status = "Welcome, player " + _player.PlayerId;
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
                case PlyrErrorCode.LaunchTokenMissing: _status = "Open the game from the casino lobby"; break;
                case PlyrErrorCode.LaunchTokenInvalid:
                case PlyrErrorCode.PlayerUnauthorized:
                    _status = "This launch has expired or is not valid: relaunch the game from the casino";
                    break;
                case PlyrErrorCode.RegionBlocked: _status = "Real play is not available here"; break;
                case PlyrErrorCode.WebGLOnly: _status = "plyr-kit runs in WebGL builds only"; break;
                default:
                    // MG+ marks some refusals retryable (e.g. RETRY_REQUIRED): then the same call may be sent again.
                    _status = e.Code + (e.MgPlusCode != null ? " (MG+ " + e.MgPlusCode + ")" : "") + ": " + e.Message +
                              (e.Retryable ? " — try again" : "");
                    break;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Where your own round server is called: it finds the player's MG+ session by SessionId.</summary>
    private async Task PlayRound()
    {
        // e.g. UnityWebRequest.Post("/rounds/spin", {"sessionId": _player.SessionId, "bet": _player.Bet}) …
        // … then take the balance your server reports (as MG+ reported it) into the HUD:
        await Task.Yield();
        var reportedBalance = _player.Balance; // replace with your server's answer
        _player = await _plyr.UpdateBalance(reportedBalance);
    }

    private void OnGUI()
    {
        GUILayout.BeginArea(new Rect(20, 20, 380, 420));
        GUILayout.Label(_status);
        GUI.enabled = !_busy;
        if (_player != null)
        {
            GUILayout.Label("Balance: " + _player.FormattedBalance);
            var limits = _player.BetLimits;
            GUILayout.Label("Bet " + _player.Bet + " (min " + limits.Min + ", max " + (limits.Max.HasValue ? limits.Max.Value.ToString() : "none") + ")");
            _betText = GUILayout.TextField(_betText, 16);
            double bet;
            if (GUILayout.Button("Set bet") && double.TryParse(_betText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out bet))
                _ = Run(async () => { _player = await _plyr.SetBet(bet); _betText = _player.Bet.ToString(System.Globalization.CultureInfo.InvariantCulture); });
            if (GUILayout.Button("Play a round")) _ = Run(PlayRound);
            foreach (var offer in _player.FreeGames)
                GUILayout.Label("Free games: " + offer.OfferName + " — " + offer.NumberOfRoundsRemaining + " of " + offer.NumberOfRoundsAwarded + " rounds");
            if (_player.LobbyUrl != null && GUILayout.Button("Back to the lobby")) Application.OpenURL(_player.LobbyUrl);
            if (_player.DepositUrl != null && GUILayout.Button("Deposit")) Application.OpenURL(_player.DepositUrl);
        }
        else if (GUILayout.Button("Try again"))
        {
            _ = Run(async () => { _player = await _plyr.RealPlayAuthenticate(); });
        }
        GUI.enabled = true;
        GUILayout.EndArea();
    }
}
