// docs/platform/plyr-api.md#user-lookups: exists, info, basic (public), avatar, avatars (public).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

const DEFAULT_CID = 'QmNRjvbBfJ7GpRzjs7uxRUytAAuuXjhBqKhDETbET2h6wR';
/** The default avatar, served by the sandbox itself (its stand-in for the platform's IPFS gateway). */
const defaultAvatar = () => `${t.sb.url}/sandbox/ipfs/${DEFAULT_CID}`;
const demo = () => t.sb.users.find((u) => u.plyrId === 'demo-player')!;

describe('GET /api/user/exists/:queryStr', () => {
  it('finds by plyrId (any case) or by primary address (lower-case or checksummed)', async () => {
    const address = demo().primaryAddress;
    for (const q of ['demo-player', 'DEMO-PLAYER', address, address.toLowerCase()]) {
      expect((await t.client.get(`/api/user/exists/${q}`)).json).toEqual({ exists: true });
    }
    expect((await t.client.get('/api/user/exists/nobody-here')).json).toEqual({ exists: false });
    expect((await t.client.get(`/api/user/exists/0x${'1'.repeat(40)}`)).json).toEqual({ exists: false });
  });
});

describe('GET /api/user/info/:plyrId', () => {
  it('answers the documented shape by plyrId or address', async () => {
    const byId = await t.client.get('/api/user/info/demo-player');
    expect(byId.status).toBe(200);
    expect(byId.json).toEqual({
      plyrId: 'demo-player',
      mirrorAddress: demo().mirrorAddress,
      primaryAddress: demo().primaryAddress,
      chainId: 62831,
      avatar: defaultAvatar(),
      createdAt: new Date(t.clock.now()).toISOString(),
      ippClaimed: false,
      isIPP: false,
    });
    const byAddress = await t.client.get(`/api/user/info/${demo().primaryAddress.toLowerCase()}`);
    expect(byAddress.json).toEqual(byId.json);
  });

  it('refuses an unknown address, an invalid PLYR[ID] and an unknown one', async () => {
    const addr = await t.client.get(`/api/user/info/0x${'2'.repeat(40)}`);
    expect([addr.status, addr.json]).toEqual([404, { error: 'Primary address not found' }]);
    for (const bad of ['abc', '12345', '-abcde', 'ab--cd', 'abc_de']) {
      const res = await t.client.get(`/api/user/info/${bad}`);
      expect([res.status, res.json]).toEqual([400, { error: 'Invalid PLYR[ID]' }]);
    }
    const unknown = await t.client.get('/api/user/info/nobody-here');
    expect([unknown.status, unknown.json]).toEqual([404, { error: 'PLYR[ID] not found' }]);
  });

  it('treats a mixed-case address with a wrong checksum as a PLYR[ID] (which it syntactically is)', async () => {
    const address = demo().primaryAddress;
    const flipped = `0x${[...address.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')}`;
    const res = await t.client.get(`/api/user/info/${flipped}`);
    expect([res.status, res.json]).toEqual([404, { error: 'PLYR[ID] not found' }]);
  });
});

describe('GET /api/user/basic/:address (no HMAC)', () => {
  it('answers {plyrId, avatar} with the raw avatar, without signing', async () => {
    const res = await t.client.get(`/api/user/basic/${demo().primaryAddress}`, { unsigned: true });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ plyrId: 'demo-player', avatar: '' });
  });

  it('shows a stored ipfs:// avatar raw, where the other routes resolve it', async () => {
    const second = t.sb.users.find((u) => u.plyrId === 'second-player')!;
    const basic = await t.client.get(`/api/user/basic/${second.primaryAddress}`, { unsigned: true });
    expect(basic.json).toEqual({
      plyrId: 'second-player',
      avatar: `ipfs://${DEFAULT_CID}`,
    });
    expect((await t.client.get('/api/user/avatar/second-player')).json).toEqual({ avatar: defaultAvatar() });
  });

  it('refuses a non-address (400) and an unknown one (404)', async () => {
    const bad = await t.client.get('/api/user/basic/demo-player', { unsigned: true });
    expect([bad.status, bad.json]).toEqual([400, { error: 'Invalid address' }]);
    const unknown = await t.client.get(`/api/user/basic/0x${'3'.repeat(40)}`, { unsigned: true });
    expect([unknown.status, unknown.json]).toEqual([404, { error: 'PLYR[ID] not found' }]);
  });
});

describe('avatars', () => {
  it('GET /api/user/avatar/:plyrId resolves the avatar and looks the id up as-is', async () => {
    expect((await t.client.get('/api/user/avatar/demo-player')).json).toEqual({ avatar: defaultAvatar() });
    const upper = await t.client.get('/api/user/avatar/Demo-Player');
    expect([upper.status, upper.json]).toEqual([404, { error: 'User not found' }]);
  });

  it('POST /api/user/avatars (no HMAC) lists existing users once, in database order', async () => {
    const res = await t.client.post(
      '/api/user/avatars',
      { plyrIds: ['SECOND-PLAYER', 'nobody-here', 'demo-player', 'demo-player'] },
      { unsigned: true },
    );
    expect(res.json).toEqual({
      avatars: [
        { plyrId: 'demo-player', avatar: defaultAvatar() },
        { plyrId: 'second-player', avatar: defaultAvatar() },
      ],
    });
    const bad = await t.client.post('/api/user/avatars', { plyrIds: 'demo-player' }, { unsigned: true });
    expect([bad.status, bad.json]).toEqual([400, { error: 'plyrIds must be an array' }]);
  });

  it("rewrites ipfs:// avatars to the sandbox's gateway (except on /basic)", async () => {
    const guest = await t.registerGuest();
    const code = (
      await t.client.post('/api/instantPlayPass/reveal/claimingCode', { sessionJwt: guest.json.sessionJwt })
    ).json.claimingCode;
    const claim = await fetch(`${t.sb.url}/sandbox/claim/${code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plyrId: 'ipfs-fan', avatar: 'ipfs://QmAvatar' }),
    });
    expect(claim.status).toBe(200);
    const avatar = await t.client.get('/api/user/avatar/ipfs-fan');
    expect(avatar.json).toEqual({ avatar: `${t.sb.url}/sandbox/ipfs/QmAvatar` });
    const { primaryAddress } = (await claim.json()) as { primaryAddress: string };
    const basic = await t.client.get(`/api/user/basic/${primaryAddress}`, { unsigned: true });
    // A claim stores the resolved URL, so /basic shows it resolved too.
    expect(basic.json).toEqual({ plyrId: 'ipfs-fan', avatar: `${t.sb.url}/sandbox/ipfs/QmAvatar` });
  });
});
