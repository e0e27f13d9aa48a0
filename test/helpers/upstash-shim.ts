/**
 * Upstash's Redis REST API in front of a real redis-server, as much of it as `@upstash/redis` speaks to run
 * scripts: `POST /` with a JSON command array answers `{ result }` (400 `{ error }` when Redis refuses), and
 * `POST /pipeline` with an array of them answers one `{ result }` or `{ error }` each (the client's auto-pipelining
 * sends everything there). A bearer token is required; `Upstash-Encoding: base64` answers every string in base64,
 * as the client asks by default.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/** A running shim. */
export interface UpstashShim {
  /** The REST URL (`http://127.0.0.1:<port>`), for `new Redis({ url, token })`. */
  readonly url: string;
  readonly token: string;
  /** Commands run so far, by name (`EVALSHA`, `EVAL`, …). */
  readonly commands: string[];
  close(): Promise<void>;
}

type Reply = { result: unknown } | { error: string };

function encode(value: unknown): unknown {
  if (typeof value === 'string') return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(encode);
  return value;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the shim on a free loopback port, in front of the redis-server at `redisUrl`. */
export async function startUpstashShim(redisUrl: string, token = 'upstash-test-token'): Promise<UpstashShim> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.connect();
  const commands: string[] = [];

  const run = async (command: unknown, base64: boolean): Promise<Reply> => {
    if (!Array.isArray(command) || command.length === 0) return { error: 'ERR malformed command' };
    const [name, ...args] = command.map(String) as [string, ...string[]];
    commands.push(name.toUpperCase());
    try {
      const result = await redis.call(name, ...args);
      return { result: base64 ? encode(result) : result };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: 'Unauthorized' });
      const base64 = String(req.headers['upstash-encoding']).toLowerCase() === 'base64';
      const body = await readJson(req);
      if (req.url === '/pipeline') {
        if (!Array.isArray(body)) return send(res, 400, { error: 'ERR a pipeline is an array of commands' });
        const replies: Reply[] = [];
        for (const command of body) replies.push(await run(command, base64));
        return send(res, 200, replies);
      }
      if (req.url !== '/') return send(res, 404, { error: 'Not found' });
      const reply = await run(body, base64);
      send(res, 'error' in reply ? 400 : 200, reply);
    })().catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    commands,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
