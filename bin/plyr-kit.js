#!/usr/bin/env node
// plyr-kit command line. `plyr-kit sandbox [--port 8787] [--host 127.0.0.1] [--game-id id] [--api-key k]
// [--secret-key s]` runs the local PLYR API emulator until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';

const USAGE = `Usage: plyr-kit sandbox [options]

Runs a local, in-memory emulator of the PLYR player-auth API (routes under <url>/api).

Options:
  --port <n>          Port to listen on (default 8787; 0 = any free port)
  --host <host>       Interface to listen on (default 127.0.0.1)
  --game-id <id>      The game's PLYR[ID] (default plyr-kit-demo)
  --api-key <key>     The game's API key (default: random)
  --secret-key <key>  The game's secret key (default: random)
  -h, --help          Show this help`;

function fail(message) {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function runSandbox(args) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        'game-id': { type: 'string' },
        'api-key': { type: 'string' },
        'secret-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(err.message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid --port: ${values.port}`);

  const { startSandbox } = await import('../dist/sandbox.js');
  const sandbox = await startSandbox({
    port,
    host: values.host,
    gameId: values['game-id'],
    apiKey: values['api-key'],
    secretKey: values['secret-key'],
  });

  const lines = [
    'PLYR sandbox running (in memory; everything is lost on exit)',
    `  url:        ${sandbox.url}   (platform routes under ${sandbox.url}/api)`,
    `  gameId:     ${sandbox.gameId}`,
    `  apiKey:     ${sandbox.apiKey}`,
    `  secretKey:  ${sandbox.secretKey}   (development only)`,
    '  players (TOTP: SHA-1, 6 digits, 30 s; add the secret to an authenticator app, or ask the sandbox):',
    ...sandbox.users.map(
      (u) =>
        `    ${u.plyrId.padEnd(14)} secret ${u.totpSecret}   code now ${sandbox.totp(u.plyrId)}   ` +
        `(curl ${sandbox.url}/sandbox/totp/${u.plyrId})`,
    ),
    `  other game: ${sandbox.games[1].gameId} (apiKey ${sandbox.games[1].apiKey})`,
    ...(sandbox.mgplus
      ? [
          `  MG+:        POST ${sandbox.url}/v1/authenticate (shared secret ${sandbox.mgplus.sharedSecret}); ` +
            `launch tokens: POST ${sandbox.url}/sandbox/mgplus/launch`,
        ]
      : []),
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox\n`);
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'sandbox') {
  runSandbox(rest).catch((err) => {
    process.stderr.write(`plyr-kit sandbox: ${err?.message ?? err}\n`);
    process.exit(1);
  });
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
} else {
  fail(`Unknown command: ${command}`);
}
