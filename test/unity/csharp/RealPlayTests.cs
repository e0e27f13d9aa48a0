// Unit checks of the real-play (MG+) half of the C# API: RealPlayConfig's JSON, the player read from an answer,
// MG+ refusals with their MG+ code and retryable flag, and the real-play events. Part of ProtocolTests' program.
using System.Collections.Generic;
using Plyr;

internal static partial class Program
{
    private const string RealPlayerJson =
        "{\"playerId\":\"44-1\",\"brand\":\"b\",\"isTestPlayer\":false,\"balance\":1500.5,\"currency\":\"idr\",\"currencyTruncation\":1000," +
        "\"formattedBalance\":\"IDR 1,500.50\",\"realBalance\":1500500,\"lobbyUrl\":null,\"depositUrl\":\"https://c/d\",\"maxExposure\":null," +
        "\"betLimits\":{\"min\":1,\"max\":null,\"default\":10},\"bet\":10,\"gameConfig\":{},\"platform\":\"desktop\",\"sessionId\":\"s-1\"," +
        "\"freeGames\":[{\"instanceId\":7,\"offerId\":8,\"offerName\":\"Spins\",\"canBeRejected\":true,\"nearestCostPerBet\":0.2," +
        "\"numberOfRoundsRemaining\":3,\"numberOfRoundsAwarded\":5,\"startsAt\":1735689600000,\"endsAt\":1735776000000}]}";

    private static void RealPlay()
    {
        Equal("{\"realPlay\":{\"relay\":\"/mg\",\"provider\":\"studio\",\"game\":\"slots\"},\"unityPackage\":\"" + PlyrPackage.Version + "\"}",
            new PlyrConfig { RealPlay = new RealPlayConfig { RelayUrl = "/mg", Provider = "studio", Game = "slots" } }.ToJson(),
            "real-play-only config: no gameId, no signer");
        Equal("{\"gameId\":\"g\",\"signer\":\"/s\",\"realPlay\":{\"relay\":\"/mg\",\"provider\":\"p\",\"game\":\"x\",\"platform\":\"mobile\",\"launchTokenParam\":\"t\",\"locale\":\"de-DE\",\"timeoutMs\":3000,\"exposePlayerToken\":true},\"unityPackage\":\"" + PlyrPackage.Version + "\"}",
            new PlyrConfig
            {
                GameId = "g", SignerUrl = "/s",
                RealPlay = new RealPlayConfig
                {
                    RelayUrl = "/mg", Provider = "p", Game = "x", Platform = RealPlayPlatform.Mobile, LaunchTokenParam = "t",
                    Locale = "de-DE", TimeoutMs = 3000, ExposePlayerToken = true,
                },
            }.ToJson(), "PLYR and real play");

        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "PlyrKit");
        var events = new List<string>();
        client.RealPlayAuthenticated += p => events.Add("authenticated:" + p.PlayerId);
        client.RealPlayError += x => events.Add("error:" + x.Code + ":" + x.MgPlusCode + ":" + x.Retryable);
        var auth = client.RealPlayAuthenticate();
        Equal("realPlayAuthenticate", channel.Last[1], "method");
        Equal("", channel.Last[2], "the launch token comes from the page URL by default");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":" + RealPlayerJson + "}");
        var player = auth.Result;
        Equal(1500.5, player.Balance, "balance as reported");
        Equal(1000L, player.CurrencyTruncation, "truncation");
        Equal(1500500.0, player.RealBalance, "real amount");
        Equal(1.0, player.BetLimits.Min, "min bet");
        Equal(null, player.BetLimits.Max, "no maximum: null");
        Equal(10.0, player.BetLimits.Default, "default bet");
        Equal(null, player.MaxExposure, "no liability cap sent");
        Equal(null, player.LobbyUrl, "no lobby");
        Equal("s-1", player.SessionId, "session id");
        Equal(null, player.PlayerToken, "no player token");
        Equal(1, player.FreeGames.Count, "offers");
        Equal(0.2, player.FreeGames[0].NearestCostPerBet, "offer cost");
        Equal(1735776000000L, player.FreeGames[0].EndsAt, "offer end");
        Check(client.RealPlayer == player, "the client keeps the last player");
        Check(!player.ToString().Contains("s-1"), "ToString never shows the session id");

        client.RealPlayAuthenticate("a.b.c");
        Equal("{\"launchToken\":\"a.b.c\"}", channel.Last[2], "a given launch token");
        client.SetBet(2.5);
        Equal("realPlaySetBet", channel.Last[1], "setBet method");
        Equal("{\"amount\":2.5}", channel.Last[2], "setBet args");
        client.UpdateBalance(1495.25);
        Equal("{\"balance\":1495.25}", channel.Last[2], "updateBalance args");

        var refused = client.RealPlayAuthenticate();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"PLAYER_UNAUTHORIZED\",\"message\":\"MG+ refused\",\"retryAfterMs\":null,\"mgplusCode\":\"PLAYER_UNAUTHORIZED\",\"retryable\":false}}");
        var e = Faulted(refused, "refused launch");
        Equal(PlyrErrorCode.PlayerUnauthorized, e.Code, "code");
        Equal("PLAYER_UNAUTHORIZED", e.MgPlusCode, "MG+ code");
        Equal(false, e.Retryable, "not retryable");
        var busy = client.RealPlayAuthenticate();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"SERVER\",\"message\":\"later\",\"retryAfterMs\":null,\"mgplusCode\":\"RETRY_REQUIRED\",\"retryable\":true}}");
        Equal(true, Faulted(busy, "retryable").Retryable, "retryable MG+ code");
        var missing = client.RealPlayAuthenticate();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"LAUNCH_TOKEN_MISSING\",\"message\":\"no token\",\"retryAfterMs\":null}}");
        e = Faulted(missing, "no token");
        Equal(PlyrErrorCode.LaunchTokenMissing, e.Code, "LAUNCH_TOKEN_MISSING");
        Equal(null, e.MgPlusCode, "no MG+ code for a browser-side refusal");

        client.HandleEvent("{\"event\":\"realplay:authenticated\",\"data\":" + RealPlayerJson.Replace("44-1", "44-2") + "}");
        client.HandleEvent("{\"event\":\"realplay:error\",\"data\":{\"code\":\"REGION_BLOCKED\",\"message\":\"IP\",\"retryAfterMs\":null,\"mgplusCode\":\"REGION_BLOCKED\",\"retryable\":false}}");
        Equal("authenticated:44-2,error:REGION_BLOCKED:REGION_BLOCKED:False", string.Join(",", events), "real-play events");
        Equal("44-2", client.RealPlayer.PlayerId, "the event's player is kept");
    }
}
