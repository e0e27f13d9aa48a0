/**
 * Every text the plugin's scenes show, in English. Games translate by passing a partial object as `strings`.
 * Placeholders in braces (`{seconds}`, `{plyrId}`, `{code}`) are filled in when the text is shown.
 */
export interface PlyrStrings {
  /** Title of the login panel. */
  loginTitle: string;
  /** Label of the PLYR[ID] field. */
  plyrIdLabel: string;
  /** Placeholder of the PLYR[ID] field. */
  plyrIdPlaceholder: string;
  /** Label of the 6-digit code field. */
  otpLabel: string;
  /** Hint under the code field. */
  otpHint: string;
  /** The submit button. */
  submit: string;
  /** The submit button while a request is in flight. */
  submitting: string;
  /** The "Play as guest" action. */
  playAsGuest: string;
  /** The guest action while the guest account is being created. */
  creatingGuest: string;
  /** The PLYR[CONNECT] action (sign in on the platform's page, no code to type). */
  connect: string;
  /** The PLYR[CONNECT] action while the platform's page is open. */
  connecting: string;
  /** The action that leaves a panel without signing in. */
  back: string;
  /**
   * Login panel of a game that asks to spend (`spend` in the plugin data), above the fields: what the player allows
   * by logging in. `{amounts}` is e.g. `10 PLYR, 5 GAMR`; `{until}` the end, in the player's locale.
   */
  spendConsent: string;
  /**
   * Login panel, while a guest plays: what happens to the guest account (it is kept beside the new session and
   * comes back on log out).
   */
  guestKeptOnLogin: string;
  /** Title of the guest panel. */
  guestTitle: string;
  /** Title of the same panel for a full account (the account panel). */
  accountTitle: string;
  /** Line above the guest's PLYR[ID]. */
  guestIntro: string;
  /** Line above a full account's PLYR[ID] in the guest panel. */
  signedInAs: string;
  /** Guest panel of a full account with a guest kept on this device; `{plyrId}` is the guest's. */
  guestKeptBeside: string;
  /** "Save my account" action. */
  claim: string;
  /** Explains the claiming code and link. */
  claimIntro: string;
  /** Label of the claiming code. */
  claimingCodeLabel: string;
  /** Text of the link that opens the claiming page. */
  claimingUrlLabel: string;
  /** Accessible name of the QR code. */
  qrLabel: string;
  /** Copy button. */
  copy: string;
  /** Copy button after a successful copy. */
  copied: string;
  /** Copy button when the clipboard is not available. */
  copyFailed: string;
  /** Shown while waiting for the claim. */
  claimWaiting: string;
  /** Shown once the guest account was claimed. */
  claimed: string;
  /** Action that opens the login panel after a claim. */
  loginAfterClaim: string;
  /** The "continue" action of the guest panel. */
  continue: string;
  /** Log out action. */
  logout: string;
  /** Account panel: heading of what this game may spend from the player's wallet. */
  allowancesTitle: string;
  /** Account panel: one allowance; `{amount}`, `{token}` (e.g. `PLYR`), `{until}` (its end, in the player's locale). */
  allowanceLine: string;
  /** Account panel: one allowance whose end the platform did not say; `{amount}`, `{token}`. */
  allowanceLineNoEnd: string;
  /** Account panel: this game may spend nothing. */
  noAllowances: string;
  /** Account panel: the action that takes one token back; `{token}`. */
  revokeToken: string;
  /** Account panel: the action that takes every token back. */
  revokeAll: string;
  /** Account panel: what `{what}` says for every token (in `revokePrompt` and `revoked`). */
  revokeAllWhat: string;
  /** Account panel, above the code field: `{what}` is a token (`PLYR`) or `revokeAllWhat`. */
  revokePrompt: string;
  /** Account panel: the button that sends the code. */
  revokeSubmit: string;
  /** Account panel: that button while the request is in flight. */
  revoking: string;
  /** Account panel, once revoked; `{what}` as in `revokePrompt`. */
  revoked: string;
  /** Account panel: closes the code field without revoking. */
  cancel: string;
  /** Shown while the guest panel loads or creates a guest account. */
  loading: string;
  /** Local check: empty or malformed PLYR[ID]. */
  errorPlyrIdFormat: string;
  /** Local check: the code is not 6 digits. */
  errorOtpFormat: string;
  /** `INVALID_OTP`. */
  errorInvalidOtp: string;
  /** `OTP_ALREADY_USED`; `{seconds}` until the next code. */
  errorOtpUsed: string;
  /** `OTP_ALREADY_USED` once the next code is there. */
  errorOtpUsedNow: string;
  /** `ACCOUNT_LOCKED`; `{seconds}` left. */
  errorLocked: string;
  /** `GUEST_ACCOUNT`. */
  errorGuestAccount: string;
  /** `USER_NOT_FOUND`. */
  errorUserNotFound: string;
  /** `INVALID_INPUT`. */
  errorInvalidInput: string;
  /** `NETWORK`. */
  errorNetwork: string;
  /** `TIMEOUT`. */
  errorTimeout: string;
  /** `SIGNER_UNREACHABLE`. */
  errorSignerUnreachable: string;
  /** `SIGNER_REJECTED`. */
  errorSignerRejected: string;
  /** `RATE_LIMITED`; `{seconds}` left. */
  errorRateLimited: string;
  /**
   * `RATE_LIMITED` after a code login, when the login panel offers PLYR[CONNECT] (no code to type); `{seconds}`
   * left.
   */
  errorRateLimitedConnect: string;
  /** `SERVER`. */
  errorServer: string;
  /** `CLOCK_SKEW`. */
  errorClockSkew: string;
  /** `GAME_MISMATCH`: the game's sign-in is set up for another game (the console says how to fix it). */
  errorGameMismatch: string;
  /** `AUTH_REJECTED`. */
  errorAuthRejected: string;
  /** `SESSION_EXPIRED`, `SESSION_REVOKED`, `NOT_SIGNED_IN`. */
  errorSessionEnded: string;
  /** `ACCOUNT_CLAIMED`. */
  errorAccountClaimed: string;
  /** `STORAGE`. */
  errorStorage: string;
  /** `CONNECT_BLOCKED`. */
  errorConnectBlocked: string;
  /** `CONNECT_CLOSED`. */
  errorConnectClosed: string;
  /** `CONNECT_TIMEOUT`. */
  errorConnectTimeout: string;
  /** `CONNECT_DENIED`. */
  errorConnectDenied: string;
  /** `CONNECT_REJECTED` (and, in the login scene, a PLYR[CONNECT] answer whose JWT failed verification). */
  errorConnectRejected: string;
  /** Any other failure; `{code}` is the error code. */
  errorUnknown: string;
  /** The cue at the bottom of a panel that must scroll (a phone held sideways), followed by an arrow. */
  scrollCue: string;
}

/** The English texts. */
export const DEFAULT_STRINGS: Readonly<PlyrStrings> = Object.freeze({
  loginTitle: 'Log in with PLYR[ID]',
  plyrIdLabel: 'PLYR[ID]',
  plyrIdPlaceholder: 'your-plyr-id',
  otpLabel: '6-digit code',
  otpHint: 'From your authenticator app.',
  submit: 'Log in',
  submitting: 'Logging in…',
  playAsGuest: 'Play as guest',
  creatingGuest: 'Creating guest account…',
  connect: 'Continue with PLYR[CONNECT]',
  connecting: 'Waiting for PLYR[CONNECT]…',
  back: 'Back',
  spendConsent: 'This game may spend up to {amounts} from your PLYR wallet until {until}.',
  guestKeptOnLogin:
    'You are playing as a guest: logging in keeps your guest account on this device, and logging out brings you back to it.',
  guestTitle: 'Guest account',
  accountTitle: 'Your account',
  guestIntro: 'You are playing as',
  signedInAs: 'You are logged in as',
  guestKeptBeside: 'Your guest account {plyrId} stays on this device: log out to go back to it.',
  claim: 'Save my account',
  claimIntro: 'Open the link (or scan the QR code with your phone) and enter the code to keep this account.',
  claimingCodeLabel: 'Claiming code',
  claimingUrlLabel: 'Open the claiming page',
  qrLabel: 'QR code of the claiming page',
  copy: 'Copy code',
  copied: 'Copied',
  copyFailed: 'Copy not available',
  claimWaiting: 'Waiting for you to save the account…',
  claimed: 'Your account is saved. Log in with your PLYR[ID] to keep playing.',
  loginAfterClaim: 'Log in',
  continue: 'Continue',
  logout: 'Log out',
  allowancesTitle: 'What this game may spend',
  allowanceLine: 'Up to {amount} {token}, until {until}',
  allowanceLineNoEnd: 'Up to {amount} {token}',
  noAllowances: 'This game cannot spend from your PLYR wallet.',
  revokeToken: 'Revoke {token}',
  revokeAll: 'Revoke all',
  revokeAllWhat: 'from your PLYR wallet',
  revokePrompt: 'To stop this game spending {what}, enter the code from your authenticator app.',
  revokeSubmit: 'Revoke',
  revoking: 'Revoking…',
  revoked: 'Done: this game can no longer spend {what}.',
  cancel: 'Cancel',
  loading: 'Loading…',
  errorPlyrIdFormat: 'Enter your PLYR[ID] (5 to 64 letters, digits or dashes).',
  errorOtpFormat: 'Enter the 6-digit code from your authenticator app.',
  errorInvalidOtp: 'That code is not right. Check your authenticator app and try again.',
  errorOtpUsed: 'This code was already used. Wait for the next code ({seconds}s).',
  errorOtpUsedNow: 'This code was already used. Enter the new code.',
  errorLocked: 'Too many wrong codes. Your account is locked; try again in {seconds}s.',
  errorGuestAccount:
    'This PLYR[ID] is a guest account and cannot log in with a code. Save it first from the device where you play as guest.',
  errorUserNotFound: 'There is no player with this PLYR[ID].',
  errorInvalidInput: 'Check your PLYR[ID] and code.',
  errorNetwork: 'Cannot reach PLYR. Check your connection and try again.',
  errorTimeout: 'PLYR is taking too long to answer. Try again.',
  errorSignerUnreachable: "The game's login service cannot be reached. Try again in a moment.",
  errorSignerRejected: "The game's login service refused the request.",
  errorRateLimited: 'Too many attempts. Try again in {seconds}s.',
  errorRateLimitedConnect:
    'Too many attempts with a code. Try again in {seconds}s, or continue with PLYR[CONNECT]: no code needed.',
  errorServer: 'PLYR had a problem. Try again in a moment.',
  errorClockSkew: "The game server's clock is wrong, so logging in cannot work right now.",
  errorGameMismatch: "This game's sign-in is not set up correctly, so logging in cannot work right now.",
  errorAuthRejected: 'This game is not allowed to log players in right now.',
  errorSessionEnded: 'Your session has ended. Log in again.',
  errorAccountClaimed: 'This guest account was saved to a PLYR[ID]. Log in with it.',
  errorStorage: 'Your session cannot be stored on this device; it lasts until you close the page.',
  errorConnectBlocked:
    'Your browser blocked the PLYR[CONNECT] window. Allow pop-ups for this game and try again.',
  errorConnectClosed: 'The PLYR[CONNECT] window was closed before you signed in.',
  errorConnectTimeout: 'PLYR[CONNECT] took too long. Try again.',
  errorConnectDenied: 'The sign-in was declined on PLYR[CONNECT].',
  errorConnectRejected:
    'The answer from PLYR[CONNECT] could not be trusted, so you were not signed in. Try again.',
  errorUnknown: 'Something went wrong ({code}). Try again.',
  scrollCue: 'More below',
});

/** Fills `{name}` placeholders; unknown placeholders stay as they are. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
