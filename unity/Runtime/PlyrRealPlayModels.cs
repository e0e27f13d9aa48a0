// Real play on MG+ as C# sees it: the configuration sent to PlyrKit.init, and the authenticated player the page
// answers with. Amounts are as MG+ reports them, in the player's currency: show them as they are.
using System;
using System.Collections.Generic;

namespace Plyr
{
    /// <summary>The device class MG+ is told about (<see cref="RealPlayConfig.Platform"/>).</summary>
    public static class RealPlayPlatform
    {
        public const string Mobile = "mobile";
        public const string Desktop = "desktop";
    }

    /// <summary>What the player chose in the real-play error panel (<c>ShowRealPlayError</c>).</summary>
    public static class RealPlayAction
    {
        /// <summary>"Try again": authenticate (or play the round) again.</summary>
        public const string Retry = "retry";
        /// <summary>"Back to the casino": the page is already on its way to the lobby.</summary>
        public const string Lobby = "lobby";
        /// <summary>"Close", or the panel was closed by a newer one.</summary>
        public const string Close = "close";
    }

    /// <summary>Real play on MG+: where the studio's relay is and which game this is.</summary>
    [Serializable]
    public sealed class RealPlayConfig
    {
        /// <summary>The studio's MG+ relay (plyr-kit/server <c>createRelayHandler</c>), absolute or relative to the page.</summary>
        public string RelayUrl;
        /// <summary>The studio's MG+ provider id.</summary>
        public string Provider;
        /// <summary>The game's MG+ id.</summary>
        public string Game;
        /// <summary>A <see cref="RealPlayPlatform"/>; empty: detected from the browser.</summary>
        public string Platform;
        /// <summary>Query parameter of the page URL with the launch token; empty: <c>launchToken</c>.</summary>
        public string LaunchTokenParam;
        /// <summary>Locale of the formatted amounts (e.g. <c>en-US</c>); empty: the browser's.</summary>
        public string Locale;
        /// <summary>Per-request timeout in ms (0: the default, 10 000).</summary>
        public int TimeoutMs;
        /// <summary>Receive the MG+ player token (<see cref="RealPlayPlayer.PlayerToken"/>) when the relay passes it
        /// (the relay must opt in too). Default false: the studio's round server needs only the SessionId.</summary>
        public bool ExposePlayerToken;

        internal Dictionary<string, object> ToJsonObject()
        {
            var o = new Dictionary<string, object>();
            o["relay"] = RelayUrl;
            o["provider"] = Provider;
            o["game"] = Game;
            if (!string.IsNullOrEmpty(Platform)) o["platform"] = Platform;
            if (!string.IsNullOrEmpty(LaunchTokenParam)) o["launchTokenParam"] = LaunchTokenParam;
            if (!string.IsNullOrEmpty(Locale)) o["locale"] = Locale;
            if (TimeoutMs > 0) o["timeoutMs"] = TimeoutMs;
            if (ExposePlayerToken) o["exposePlayerToken"] = true;
            return o;
        }
    }

    /// <summary>The bet range of a real-play session, in the player's currency.</summary>
    [Serializable]
    public sealed class RealPlayBetLimits
    {
        public double Min;
        /// <summary>null: no maximum.</summary>
        public double? Max;
        /// <summary>Where the bet starts.</summary>
        public double Default;
    }

    /// <summary>A free-game offer awarded to the player for this game.</summary>
    [Serializable]
    public sealed class FreeGameOffer
    {
        public long InstanceId;
        public long OfferId;
        public string OfferName;
        /// <summary>Whether the player may decline the offer.</summary>
        public bool CanBeRejected;
        /// <summary>Cost per bet, per round, in the player's currency.</summary>
        public double NearestCostPerBet;
        public long NumberOfRoundsRemaining;
        public long NumberOfRoundsAwarded;
        /// <summary>Start and end of the offer (ms since the epoch).</summary>
        public long StartsAt;
        public long EndsAt;

        internal static FreeGameOffer FromJson(object value)
        {
            var o = JsonRead.Object(value, "free-game offer");
            return new FreeGameOffer
            {
                InstanceId = JsonRead.Long(o, "instanceId"),
                OfferId = JsonRead.Long(o, "offerId"),
                OfferName = JsonRead.String(o, "offerName"),
                CanBeRejected = JsonRead.Bool(o, "canBeRejected"),
                NearestCostPerBet = JsonRead.Double(o, "nearestCostPerBet"),
                NumberOfRoundsRemaining = JsonRead.Long(o, "numberOfRoundsRemaining"),
                NumberOfRoundsAwarded = JsonRead.Long(o, "numberOfRoundsAwarded"),
                StartsAt = JsonRead.Long(o, "startsAt"),
                EndsAt = JsonRead.Long(o, "endsAt"),
            };
        }
    }

    /// <summary>
    /// The authenticated real-play player. Show <see cref="Balance"/> (or <see cref="FormattedBalance"/>) as it is;
    /// send <see cref="SessionId"/> to the studio's round server, which finds the player's MG+ token by it.
    /// </summary>
    [Serializable]
    public sealed class RealPlayPlayer
    {
        /// <summary>MG+ player id, e.g. <c>44-12345-67890</c>.</summary>
        public string PlayerId;
        public string Brand;
        /// <summary>A test player (brand <c>test_brand</c>), excluded from billing.</summary>
        public bool IsTestPlayer;
        /// <summary>As MG+ reports it, in the player's currency, ready to show.</summary>
        public double Balance;
        /// <summary>Lower-case currency code (ISO 4217, or e.g. <c>mbtc</c>).</summary>
        public string Currency;
        /// <summary>MG+ currency truncation: N > 1 means 1 shown = N real units (amounts are already scaled).</summary>
        public long CurrencyTruncation;
        /// <summary><see cref="Balance"/> formatted in the player's currency, e.g. <c>€1,000.50</c>.</summary>
        public string FormattedBalance;
        /// <summary>Balance × CurrencyTruncation: for financial reporting only, never shown to the player.</summary>
        public double RealBalance;
        /// <summary>Return-to-lobby URL, or null.</summary>
        public string LobbyUrl;
        /// <summary>Deposit URL, or null.</summary>
        public string DepositUrl;
        /// <summary>The most a round may pay out (the operator's liability cap), not a bet limit; null: none sent.</summary>
        public double? MaxExposure;
        public RealPlayBetLimits BetLimits;
        /// <summary>The current bet (see <c>SetBet</c>).</summary>
        public double Bet;
        public List<FreeGameOffer> FreeGames;
        /// <summary>A <see cref="RealPlayPlatform"/>.</summary>
        public string Platform;
        /// <summary>The relay's opaque real-play session id: send it to the studio's round server. Never log it.</summary>
        public string SessionId;
        /// <summary>The MG+ player token: null unless the relay passed it and <see cref="RealPlayConfig.ExposePlayerToken"/> is set.</summary>
        public string PlayerToken;

        /// <summary>The player from a parsed message value; <c>null</c> for JSON <c>null</c>.</summary>
        public static RealPlayPlayer FromJson(object value)
        {
            if (value == null) return null;
            var o = JsonRead.Object(value, "real-play player");
            var limits = o.ContainsKey("betLimits") ? JsonRead.Object(o["betLimits"], "betLimits") : new Dictionary<string, object>();
            var offers = new List<FreeGameOffer>();
            object list;
            if (o.TryGetValue("freeGames", out list) && list is List<object>)
                foreach (var offer in (List<object>)list) offers.Add(FreeGameOffer.FromJson(offer));
            return new RealPlayPlayer
            {
                PlayerId = JsonRead.String(o, "playerId"),
                Brand = JsonRead.String(o, "brand"),
                IsTestPlayer = JsonRead.Bool(o, "isTestPlayer"),
                Balance = JsonRead.Double(o, "balance"),
                Currency = JsonRead.String(o, "currency"),
                CurrencyTruncation = JsonRead.Long(o, "currencyTruncation"),
                FormattedBalance = JsonRead.String(o, "formattedBalance"),
                RealBalance = JsonRead.Double(o, "realBalance"),
                LobbyUrl = JsonRead.String(o, "lobbyUrl"),
                DepositUrl = JsonRead.String(o, "depositUrl"),
                MaxExposure = JsonRead.NullableDouble(o, "maxExposure"),
                BetLimits = new RealPlayBetLimits
                {
                    Min = JsonRead.Double(limits, "min"),
                    Max = JsonRead.NullableDouble(limits, "max"),
                    Default = JsonRead.Double(limits, "default"),
                },
                Bet = JsonRead.Double(o, "bet"),
                FreeGames = offers,
                Platform = JsonRead.String(o, "platform"),
                SessionId = JsonRead.String(o, "sessionId"),
                PlayerToken = JsonRead.String(o, "playerToken"),
            };
        }

        /// <summary>For logs: the player and balance; never the session id or player token.</summary>
        public override string ToString()
        {
            return "RealPlayPlayer(" + PlayerId + ", " + FormattedBalance + ")";
        }
    }
}
