/**
 * The demo page's configuration. The demo server writes it into `<meta>` tags of index.html (the CSP forbids inline
 * scripts, and a separate config request would delay the game's boot).
 */
import type { ConnectMode } from '../../src/index.js';
import { DEFAULT_LAUNCH_TOKEN_PARAM } from '../../src/realplay/index.js';

/** The page configuration. */
export interface DemoConfig {
  /** The game's PLYR[ID]. */
  gameId: string;
  /** Platform origin the browser talks to (the sandbox or the real platform). */
  apiBase: string;
  /** URL of the signing endpoint on the demo server. */
  signerUrl: string;
  /** `sign`: the browser calls the platform with signed headers; `relay`: the endpoint forwards the calls. */
  signerMode: 'sign' | 'relay';
  /** True when the platform is the local sandbox (enables the dev panel). */
  sandbox: boolean;
  /** PLYR[ID] of the sandbox's seeded demo player ('' on the real platform). */
  demoPlayer: string;
  /** PLYR[ID] of the sandbox's other seeded player, for the second seat of a match ('' on the real platform). */
  secondPlayer: string;
  /** Where the demo server runs entry-fee matches (`null` when it runs none, i.e. on the real platform). */
  match: string | null;
  /** True when the page was opened as the match page (`?match`, and the server runs matches). */
  matchPage: boolean;
  /** False when the page was opened with `?plyr=off` (the game without the plugin, for the frame-time bench). */
  pluginEnabled: boolean;
  /** The MG+ real-play relay and ids (`null` when the server mounts no relay, i.e. on the real platform). */
  realPlay: { relay: string; provider: string; game: string } | null;
  /** True when the page was opened by a real-play launch (`?launchToken=…`). */
  realPlayLaunch: boolean;
  /** How the login scene's PLYR[CONNECT] button shows the hosted page: `?connect=iframe|redirect`, else popup. */
  connectMode: ConnectMode;
}

const CONNECT_MODES: readonly ConnectMode[] = ['popup', 'iframe', 'redirect'];

function meta(doc: Document, name: string): string {
  return doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
}

/** Reads the configuration from the page's `<meta name="plyr-…">` tags and the query string. */
export function readDemoConfig(doc: Document = document, search: string = location.search): DemoConfig {
  const connect = new URLSearchParams(search).get('connect') as ConnectMode | null;
  return {
    gameId: meta(doc, 'plyr-game-id'),
    apiBase: meta(doc, 'plyr-api-base'),
    signerUrl: meta(doc, 'plyr-signer') || '/plyr/sign',
    signerMode: meta(doc, 'plyr-signer-mode') === 'relay' ? 'relay' : 'sign',
    sandbox: meta(doc, 'plyr-sandbox') === '1',
    demoPlayer: meta(doc, 'plyr-demo-player'),
    secondPlayer: meta(doc, 'plyr-second-player'),
    match: meta(doc, 'plyr-match') || null,
    matchPage: meta(doc, 'plyr-match') !== '' && new URLSearchParams(search).has('match'),
    pluginEnabled: new URLSearchParams(search).get('plyr') !== 'off',
    realPlay: meta(doc, 'plyr-mgplus-relay')
      ? {
          relay: meta(doc, 'plyr-mgplus-relay'),
          provider: meta(doc, 'plyr-mgplus-provider'),
          game: meta(doc, 'plyr-mgplus-game'),
        }
      : null,
    realPlayLaunch: new URLSearchParams(search).has(DEFAULT_LAUNCH_TOKEN_PARAM),
    connectMode: connect && CONNECT_MODES.includes(connect) ? connect : 'popup',
  };
}
