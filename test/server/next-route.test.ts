/**
 * `toNextRoute` in process, over real `Request`s shaped as Next.js hands them to a route handler: the handler is
 * built on the first request (again after a failed build), Next's echo of the route params is removed exactly and
 * nothing else is, and the URL carries the host the browser asked for. The handler under it just echoes its URL.
 */
import { describe, expect, it } from '@jest/globals';
import { toNextRoute } from '../../src/server/http/next-route.js';

const echo = async (request: Request) =>
  Response.json({ url: request.url, body: request.method === 'POST' ? await request.text() : null });

const call = async (
  route: ReturnType<typeof toNextRoute>,
  url: string,
  params?: object,
  init?: RequestInit,
) => {
  const response = await route(
    new Request(url, { headers: { host: 'game.example' }, ...init }),
    params === undefined ? undefined : { params: Promise.resolve(params as Record<string, string[]>) },
  );
  return (await response.json()) as { url: string; body: string | null };
};

describe('toNextRoute', () => {
  it('builds the handler on the first request only, and again after a build that threw', async () => {
    let builds = 0;
    const route = toNextRoute(() => {
      builds += 1;
      if (builds === 1) throw new Error('PLYR_API_KEY is not set');
      return echo;
    });
    expect(builds).toBe(0);
    await expect(call(route, 'http://localhost:3000/plyr/sign/api/jwt/publicKey')).rejects.toThrow(
      'PLYR_API_KEY',
    );
    await call(route, 'http://localhost:3000/plyr/sign/api/jwt/publicKey');
    await call(route, 'http://localhost:3000/plyr/sign/api/jwt/publicKey');
    expect(builds).toBe(2);
  });

  it("removes the edge runtime's echo of the catch-all params, and reads the host from Host", async () => {
    const route = toNextRoute(() => echo);
    const params = { path: ['api', 'user', 'a/b'] };
    expect(
      await call(
        route,
        'http://localhost:3000/plyr/sign/api/user/a%2Fb?path=api&path=user&path=a%2Fb',
        params,
      ),
    ).toEqual({ url: 'http://game.example/plyr/sign/api/user/a%2Fb', body: null });
    // The Node runtime does not echo them: nothing to remove.
    expect(await call(route, 'http://localhost:3000/plyr/sign/api/user/a%2Fb', params)).toEqual({
      url: 'http://game.example/plyr/sign/api/user/a%2Fb',
      body: null,
    });
  });

  it('keeps any other query, and a value under the param name that is not the echo', async () => {
    const route = toNextRoute(() => echo);
    const params = { path: ['api', 'user', 'login'] };
    const other = await call(
      route,
      'http://localhost:3000/x/api/user/login?x=1&path=api&path=user&path=login',
      params,
    );
    expect(new URL(other.url).search).toBe('?x=1');
    const forged = await call(route, 'http://localhost:3000/x/api/user/login?path=api', params);
    expect(new URL(forged.url).search).toBe('?path=api');
  });

  it('passes a POST body on when it rebuilds the request', async () => {
    const route = toNextRoute(() => echo);
    const answer = await call(route, 'http://localhost:3000/plyr/sign/api/user/login', undefined, {
      method: 'POST',
      body: '{"plyrId":"demo-player"}',
    });
    expect(answer).toEqual({
      url: 'http://game.example/plyr/sign/api/user/login',
      body: '{"plyrId":"demo-player"}',
    });
  });
});
