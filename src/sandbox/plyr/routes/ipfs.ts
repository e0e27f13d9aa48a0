/**
 * Sandbox only: the sandbox's stand-in for the platform's IPFS gateway, so that every avatar URL it hands out is
 * served by the sandbox itself (an offline game makes no request to another host). There is no IPFS behind it: the
 * default avatar's content id gets the default picture, any other content id a placeholder of its own colour.
 */
import { createHash } from 'node:crypto';
import { type Reply, type Route, reply } from '../context.js';
import { DEFAULT_AVATAR_CID, IPFS_GATEWAY_PATH } from '../state.js';

/** CIDv0 (`Qm…`, base58) and CIDv1 (`b…`, base32) as they appear in `ipfs://` URIs. */
const CID = /^[A-Za-z0-9]{1,100}$/;

// Images may be drawn into a WebGL canvas of any game (CORS comes from the server); no script runs in them.
const IMAGE_HEADERS = {
  'content-type': 'image/svg+xml',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'public, max-age=86400, immutable',
};

/** A head-and-shoulders figure on a circle of `hue`. */
function avatarSvg(hue: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">
<circle cx="64" cy="64" r="64" fill="hsl(${hue} 45% 42%)"/>
<circle cx="64" cy="50" r="22" fill="#f4f1ea"/>
<path d="M22 112c6-24 24-36 42-36s36 12 42 36" fill="#f4f1ea"/>
</svg>`;
}

/** The default avatar's hue, and a stable hue per other content id. */
function hueOf(cid: string): number {
  if (cid === DEFAULT_AVATAR_CID) return 222;
  return createHash('sha256').update(cid).digest().readUInt16BE(0) % 360;
}

function image(cid: string): Reply {
  if (!CID.test(cid)) return reply(404, { error: 'Not found' });
  return { status: 200, body: avatarSvg(hueOf(cid)), headers: IMAGE_HEADERS };
}

/** `GET /sandbox/ipfs/:cid`: the image behind every avatar URL of the sandbox. */
export function ipfsRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: `${IPFS_GATEWAY_PATH}:cid`,
      steps: [(ctx) => image(ctx.params.cid!)],
    },
  ];
}
