// `npm run bench`: runs every benchmark section that exists and prints one JSON document on stdout.
// Sections: bundle sizes (gzip), core client timings and round trips (Node), login latency in Chromium,
// signing-endpoint throughput (and with its limits in memory vs Redis), Phaser in Chromium, MG+ rounds (exactly-once soak, server client cost per
// transaction), the PLYR game economy (exactly-once soak of matches, client cost per pay). `node bench/run.mjs <section>...` runs only those.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const sections = [
  ['bundles', './bundle-size.mjs'],
  ['client', './client.mjs'],
  ['browserLogin', './browser-login.mjs'],
  ['signer', './signer.mjs'],
  ['signerState', './signer-state.mjs'],
  ['phaser', './phaser.mjs'],
  ['mgplusRounds', './mgplus-rounds.mjs'],
  ['gameEconomy', './game-economy.mjs'],
];

const only = process.argv.slice(2);
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
};
for (const [name, file] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (!existsSync(here(file))) continue;
  const mod = await import(file);
  try {
    result[name] = await mod.run();
  } catch (error) {
    result[name] = { error: String(error?.stack ?? error) };
    process.exitCode = 1;
  }
}
console.log(JSON.stringify(result, null, 2));
