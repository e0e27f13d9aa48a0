// The C# side of the page's sign-in panels: ShowLogin/ShowGuest/ShowRealPlayError send the bridge's requests and
// read its answers ({ session, cancelled } and the real-play action); PlyrUiConfig writes init's `ui` object.
using System.Collections.Generic;
using System.Threading.Tasks;
using Plyr;

internal static partial class Program
{
    private static void Panels()
    {
        var channel = new FakeChannel();
        var client = new PlyrClient(channel, "PlyrKit");

        var login = client.ShowLogin();
        Equal("showLogin", channel.Last[1], "showLogin method");
        Equal("", channel.Last[2], "showLogin args");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":{\"session\":" + SessionJson + ",\"cancelled\":false}}");
        Check(login.Status == TaskStatus.RanToCompletion, "showLogin resolved");
        Equal("demo-player", login.Result.Session.PlyrId, "showLogin: the session");
        Equal(false, login.Result.Cancelled, "showLogin: not cancelled");

        var back = client.ShowGuest();
        Equal("showGuest", channel.Last[1], "showGuest method");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":{\"session\":null,\"cancelled\":true}}");
        Equal(null, back.Result.Session, "cancelled: no session");
        Equal(true, back.Result.Cancelled, "cancelled");

        var failed = client.ShowLogin();
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":false,\"error\":{\"code\":\"NETWORK\",\"message\":\"Could not load\",\"retryAfterMs\":null}}");
        Equal(PlyrErrorCode.Network, Faulted(failed, "panels missing").Code, "panels missing: NETWORK");

        var error = new PlyrException(PlyrErrorCode.PlayerUnauthorized, "expired", null, "PLAYER_UNAUTHORIZED", false);
        var action = client.ShowRealPlayError(error, "https://casino.example/lobby");
        Equal("showRealPlayError", channel.Last[1], "showRealPlayError method");
        Equal("{\"lobbyUrl\":\"https://casino.example/lobby\",\"error\":{\"code\":\"PLAYER_UNAUTHORIZED\",\"message\":\"expired\"}}",
            channel.Last[2], "showRealPlayError args");
        client.HandleResponse("{\"id\":\"" + channel.Last[0] + "\",\"ok\":true,\"result\":\"lobby\"}");
        Equal(RealPlayAction.Lobby, action.Result, "the player's choice");
        client.ShowRealPlayError(new PlyrException(PlyrErrorCode.RateLimited, "wait", 2000), retry: true);
        Equal("{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"wait\",\"retryAfterMs\":2000},\"retry\":true}",
            channel.Last[2], "showRealPlayError: retry, no lobby");

        var ui = new PlyrUiConfig
        {
            Canvas = "#game",
            ScriptUrl = "/js/plyr-kit.ui.umd.js",
            Theme = new Dictionary<string, string> { { "accent", "#f60" }, { "radius", "4" } },
            Strings = new Dictionary<string, string> { { "loginTitle", "Anmelden" } },
            SpendTokens = new[] { "plyr" },
            SpendAmounts = new[] { "10" },
            SpendExpiresIn = 3600,
            ShowConnect = false,
        };
        Equal("{\"gameId\":\"g\",\"signer\":\"/s\",\"ui\":{\"canvas\":\"#game\",\"scriptUrl\":\"/js/plyr-kit.ui.umd.js\",\"theme\":{\"accent\":\"#f60\",\"radius\":4},\"strings\":{\"loginTitle\":\"Anmelden\"},\"spend\":{\"tokens\":[{\"token\":\"plyr\",\"amount\":\"10\"}],\"expiresIn\":3600},\"connect\":false},\"unityPackage\":\"" + PlyrPackage.Version + "\"}",
            new PlyrConfig { GameId = "g", SignerUrl = "/s", Ui = ui }.ToJson(), "ui config");
        Equal("{\"connect\":{\"mode\":\"iframe\"}}",
            PlyrJson.Serialize(new PlyrUiConfig { ConnectMode = PlyrConnectMode.Iframe }.ToJsonObject()), "ui connect mode");
    }
}
