// plyr-kit sample: real play on MG+ in a WebGL build. The casino opens the game at its launch URL
// (…/index.html?launchToken=…); the page authenticates the launch through your MG+ relay (plyr-kit/server
// createRelayHandler) and the game shows the balance as MG+ reports it, the bet range and free-game offers.
// Rounds are played by YOUR game server: the sample posts the player's SessionId (never a token), the stake and a
// fresh round id to the sample round server (Server~/round-server.mjs, which also runs the relay), which draws the
// outcome and moves the money through MG+ once. Add this component to a GameObject of your first scene, fill in the
// relay, provider and game in the Inspector, and build for WebGL with the "PlyrKit" WebGL template.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Plyr;
using UnityEngine;
using UnityEngine.Networking;

public sealed class PlyrRealPlaySample : MonoBehaviour
{
    [Tooltip("Your MG+ relay (plyr-kit/server createRelayHandler), absolute or relative to the page.")]
    public string relayUrl = "/mg";
    [Tooltip("Your MG+ provider id.")]
    public string provider = "my-studio";
    [Tooltip("This game's MG+ id.")]
    public string game = "my-game";
    [Tooltip("Your round server's endpoint (the sample's Server~/round-server.mjs: POST /round), absolute or relative to the page.")]
    public string roundUrl = "/round";

    private PlyrKit _plyr;
    private RealPlayPlayer _player;
    private string _status = "Starting…";
    private string _betText = "";
    private bool _busy = true;
    /// <summary>A round the server is still settling: asked again, with the same round id, until it is.</summary>
    private string _pendingRoundId;
    private double _pendingStake;

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

    /// <summary>Plays one round at the bet: the server draws it and moves the money; the HUD shows its balance.</summary>
    private Task PlayRound()
    {
        // A new id per round; sending it again can never play the round twice (the server answers what became of it).
        return Settle(Guid.NewGuid().ToString(), _player.Bet);
    }

    private async Task Settle(string roundId, double stake)
    {
        var url = new Uri(new Uri(Application.absoluteURL), roundUrl).ToString();
        var round = await RoundServer.Play(url, _player.SessionId, stake, roundId);
        _pendingRoundId = null;
        switch (round.Status)
        {
            case RoundServer.Settled:
                _player = await _plyr.UpdateBalance(round.Balance); // as MG+ reported it after the round
                _status = "×" + round.Multiplier.ToString(CultureInfo.InvariantCulture) + ": " +
                          (round.Win > 0 ? "you win " + round.Win.ToString(CultureInfo.InvariantCulture) : "no win");
                break;
            case RoundServer.Pending:
                // Money may have moved: never shown as a failure. Ask the server again in a few seconds.
                _pendingRoundId = roundId;
                _pendingStake = stake;
                _status = "Your round is being settled with the casino…";
                Invoke(nameof(AskAgain), 3f);
                break;
            case RoundServer.Unresolved:
                _status = "The casino did not settle round " + roundId + "; support will. (" + round.Code + ")";
                break;
            default: // failed: the round was not played, no money moved
                _status = "Round not played, nothing was charged: " + round.Message + " (" + round.Code + ")";
                break;
        }
    }

    private void AskAgain()
    {
        if (_pendingRoundId != null) _ = Run(() => Settle(_pendingRoundId, _pendingStake));
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
            if (_pendingRoundId == null && GUILayout.Button("Play a round")) _ = Run(PlayRound);
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

/// <summary>
/// The round server's protocol: <c>POST {sessionId, stake, roundId}</c>, answered with <c>{status, …}</c>. Sending
/// the same round id again is safe: the server plays a round id at most once and answers what became of it.
/// </summary>
public static class RoundServer
{
    public const string Settled = "settled";     // Win and Balance as MG+ reported them
    public const string Pending = "pending";     // being settled: ask again with the same round id
    public const string Failed = "failed";       // not played, no money moved (Code says why)
    public const string Unresolved = "unresolved"; // the casino refused to settle it: support must look

    public sealed class Answer
    {
        public string Status;
        public string Code;
        public string Message;
        public double Multiplier;
        public double Win;
        public double Balance;
    }

    public static async Task<Answer> Play(string url, string sessionId, double stake, string roundId)
    {
        var body = PlyrJson.Serialize(new Dictionary<string, object>
        {
            { "sessionId", sessionId }, { "stake", stake }, { "roundId", roundId },
        });
        using (var request = new UnityWebRequest(url, "POST"))
        {
            request.uploadHandler = new UploadHandlerRaw(Encoding.UTF8.GetBytes(body));
            request.downloadHandler = new DownloadHandlerBuffer();
            request.SetRequestHeader("Content-Type", "application/json");
            request.timeout = 30;
            var done = new TaskCompletionSource<bool>();
            request.SendWebRequest().completed += _ => done.TrySetResult(true);
            await done.Task;
            Dictionary<string, object> json = null;
            try { json = PlyrJson.Parse(request.downloadHandler.text) as Dictionary<string, object>; }
            catch (FormatException) { }
            if (json == null || !json.ContainsKey("status"))
            {
                // No answer (network, timeout, a proxy's 5xx): the round may have been played, and asking again
                // with its id is safe. Any other answer without a status: the request never reached a round.
                if (request.responseCode == 0 || request.responseCode >= 500)
                    return new Answer { Status = Pending, Code = "NO_ANSWER", Message = request.error };
                return new Answer { Status = Failed, Code = "HTTP_" + request.responseCode, Message = request.error };
            }
            return new Answer
            {
                Status = json["status"] as string,
                Code = json.ContainsKey("code") ? json["code"] as string : null,
                Message = json.ContainsKey("message") ? json["message"] as string : null,
                Multiplier = json.ContainsKey("multiplier") && json["multiplier"] is double ? (double)json["multiplier"] : 0,
                Win = json.ContainsKey("win") && json["win"] is double ? (double)json["win"] : 0,
                Balance = json.ContainsKey("balance") && json["balance"] is double ? (double)json["balance"] : 0,
            };
        }
    }
}
