using System;

namespace Plyr
{
    /// <summary>The error codes a game can receive; switch on <see cref="PlyrException.Code"/>.</summary>
    public static class PlyrErrorCode
    {
        public const string InvalidInput = "INVALID_INPUT";
        public const string InvalidOtp = "INVALID_OTP";
        public const string OtpAlreadyUsed = "OTP_ALREADY_USED";
        public const string AccountLocked = "ACCOUNT_LOCKED";
        public const string GuestAccount = "GUEST_ACCOUNT";
        public const string UserNotFound = "USER_NOT_FOUND";
        public const string NotSignedIn = "NOT_SIGNED_IN";
        public const string SessionExpired = "SESSION_EXPIRED";
        public const string SessionRevoked = "SESSION_REVOKED";
        public const string AccountClaimed = "ACCOUNT_CLAIMED";
        public const string ClaimingCodeNotFound = "CLAIMING_CODE_NOT_FOUND";
        public const string InvalidApproval = "INVALID_APPROVAL";
        public const string SignerUnreachable = "SIGNER_UNREACHABLE";
        public const string SignerRejected = "SIGNER_REJECTED";
        public const string RateLimited = "RATE_LIMITED";
        public const string AuthRejected = "AUTH_REJECTED";
        public const string ClockSkew = "CLOCK_SKEW";
        public const string GameMismatch = "GAME_MISMATCH";
        public const string InvalidJwt = "INVALID_JWT";
        public const string Network = "NETWORK";
        public const string Timeout = "TIMEOUT";
        public const string Server = "SERVER";
        public const string Storage = "STORAGE";
        /// <summary>Real play (MG+): the page URL has no launch token (the game was not opened from an MG+ launch).</summary>
        public const string LaunchTokenMissing = "LAUNCH_TOKEN_MISSING";
        /// <summary>Real play (MG+): the launch token is not a well-formed JWT (or too long); nothing was sent.</summary>
        public const string LaunchTokenInvalid = "LAUNCH_TOKEN_INVALID";
        /// <summary>Real play (MG+): the launch token has expired; the player must relaunch the game from the casino.</summary>
        public const string LaunchTokenExpired = "LAUNCH_TOKEN_EXPIRED";
        /// <summary>Real play (MG+): MG+ refused the player (expired or unknown launch token, locked account, geo-block, ...).</summary>
        public const string PlayerUnauthorized = "PLAYER_UNAUTHORIZED";
        /// <summary>Real play (MG+): MG+ does not accept calls from the studio server's IP address.</summary>
        public const string RegionBlocked = "REGION_BLOCKED";
        /// <summary>PLYR[CONNECT]: the browser blocked the popup (use <see cref="PlyrConnectMode.Iframe"/>).</summary>
        public const string ConnectBlocked = "CONNECT_BLOCKED";
        /// <summary>PLYR[CONNECT]: the player closed the hosted page, or <c>CancelConnect</c> / a newer attempt ended it.</summary>
        public const string ConnectClosed = "CONNECT_CLOSED";
        /// <summary>PLYR[CONNECT]: no answer in time.</summary>
        public const string ConnectTimeout = "CONNECT_TIMEOUT";
        /// <summary>PLYR[CONNECT]: the player declined on the hosted page.</summary>
        public const string ConnectDenied = "CONNECT_DENIED";
        /// <summary>PLYR[CONNECT]: a forged or unreadable answer (another origin, bad data).</summary>
        public const string ConnectRejected = "CONNECT_REJECTED";
        /// <summary>A call before a successful <c>Init</c> (or after the configuration was refused).</summary>
        public const string NotInitialized = "NOT_INITIALIZED";
        /// <summary>The JavaScript side does not know the method (package versions out of step).</summary>
        public const string UnknownMethod = "UNKNOWN_METHOD";
        /// <summary>An unexpected failure of the bridge (a bug; the message says what happened).</summary>
        public const string Internal = "INTERNAL";
        /// <summary>Not a WebGL player (the Editor, desktop or mobile): the bridge needs the browser page.</summary>
        public const string WebGLOnly = "WEBGL_ONLY";
        /// <summary>plyr-kit.unity.umd.js is not loaded by the page (see the WebGL template set-up).</summary>
        public const string ScriptMissing = "SCRIPT_MISSING";
    }

    /// <summary>A failure reported by plyr-kit, with a stable <see cref="Code"/>.</summary>
    public class PlyrException : Exception
    {
        /// <summary>One of <see cref="PlyrErrorCode"/>.</summary>
        public string Code { get; private set; }
        /// <summary>How long to wait before trying again, when waiting helps.</summary>
        public long? RetryAfterMs { get; private set; }
        /// <summary>Real play: the code MG+ sent when MG+ refused the call (e.g. <c>PLAYER_UNAUTHORIZED</c>), else null.</summary>
        public string MgPlusCode { get; private set; }
        /// <summary>Real play: true when MG+ marks <see cref="MgPlusCode"/> retryable (the same call may be sent again).</summary>
        public bool Retryable { get; private set; }

        public PlyrException(string code, string message, long? retryAfterMs = null, string mgplusCode = null,
            bool retryable = false)
            : base(message)
        {
            Code = code;
            RetryAfterMs = retryAfterMs;
            MgPlusCode = mgplusCode;
            Retryable = retryable;
        }

        public override string ToString()
        {
            return "PlyrException(" + Code + (MgPlusCode == null ? "" : ", MG+ " + MgPlusCode) + "): " + Message;
        }
    }
}

namespace Plyr
{
    /// <summary>Thrown in the Editor and in non-WebGL players: the bridge needs the browser page of a WebGL build.</summary>
    public sealed class PlyrWebGLOnlyException : PlyrException
    {
        public PlyrWebGLOnlyException()
            : base(PlyrErrorCode.WebGLOnly,
                "plyr-kit runs in WebGL builds only (the PLYR client is JavaScript in the page); build for WebGL to use it")
        {
        }
    }
}
