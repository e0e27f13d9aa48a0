// Everything the offline sandbox hands out is served by the sandbox: avatar URLs point at its own IPFS stand-in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

/** GETs `url` as a page's <img> would (with an `Origin`, for a WebGL texture's CORS). */
const fetchImage = (url: string) => fetch(url, { headers: { origin: 'http://localhost:5173' } });

describe('avatars of the offline sandbox', () => {
  it('gives a guest a default avatar that the sandbox itself serves as an image any game may draw', async () => {
    const guest = await t.registerGuest();
    expect(guest.status).toBe(200);
    const avatar = String(guest.json.avatar);
    expect(new URL(avatar).origin).toBe(t.sb.url);
    const image = await fetchImage(avatar);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(image.headers.get('access-control-allow-origin')).toBe('*');
    expect(await image.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
  });

  it('serves every avatar URL of a seeded player and of a stored ipfs:// avatar on its own origin', async () => {
    const listed = await t.client.post(
      '/api/user/avatars',
      { plyrIds: ['demo-player', 'second-player'] },
      { unsigned: true },
    );
    const urls = (listed.json.avatars as { avatar: string }[]).map((a) => a.avatar);
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      expect(new URL(url).origin).toBe(t.sb.url);
      expect((await fetchImage(url)).status).toBe(200);
    }
  });

  it('gives another content id a picture of its own, and refuses what is no content id', async () => {
    const [a, b] = await Promise.all(
      ['QmAvatarOne', 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'].map(async (cid) => {
        const res = await fetchImage(`${t.sb.url}/sandbox/ipfs/${cid}`);
        expect(res.status).toBe(200);
        return res.text();
      }),
    );
    expect(a).not.toBe(b);
    for (const bad of ['..%2F..%2Fapi', 'Qm%3Cscript%3E', 'a'.repeat(101)]) {
      expect((await fetchImage(`${t.sb.url}/sandbox/ipfs/${bad}`)).status).toBe(404);
    }
  });
});
