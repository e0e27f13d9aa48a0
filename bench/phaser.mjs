// Phaser plugin in real headless Chromium, against the demo server (sandbox, signing endpoint, CSP):
// - bootToReadyMs: from the game's boot (the start of its script, mark `demo:boot`) to the plugin's `ready` (its
//   client's stored session read, mark `demo:plyr-ready`) with a stored session, over N reloads (target: median
//   <= 15 ms). The demo creates the client before Phaser and boots Phaser once it is ready (see the README), so for
//   context also: boot -> `plyr:ready` reaching `game.events` (mark `demo:plyr-event`) and boot -> Phaser's own
//   `ready` (mark `demo:game-ready`);
// - frameTime: average frame delta (and the game's own per-frame work) over ~3 s in the Play scene with the plugin
//   signed in and idle versus the same game built without the plugin (`?plyr=off`) (target: ratio <= 1.02).
// Runnable alone: `node bench/phaser.mjs` (needs `npm run build`; builds the demo if stale).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH } from '../test/helpers/chromium-flags.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RELOADS = Number(process.env.BENCH_RELOADS ?? 30);
const FRAME_WINDOW_MS = Number(process.env.BENCH_FRAME_MS ?? 3000);
const ROUNDS = 2; // alternate with/without so drift (thermal, GC) hits both sides

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 3) => Number(x.toFixed(digits));

/**
 * Boot -> plyr:ready of the page just loaded (ms), and for context boot -> Phaser's own `ready` (the plugin's
 * IndexedDB read completes on the same main thread as Phaser's boot, so that work delays it).
 */
async function bootToReady(page) {
  const marks = ['demo:plyr-ready', 'demo:plyr-event', 'demo:game-ready'];
  await page.waitForFunction(
    (names) => names.every((n) => performance.getEntriesByName(n).length > 0),
    marks,
  );
  return page.evaluate(() => {
    const since = (name) =>
      performance.getEntriesByName(name)[0].startTime -
      performance.getEntriesByName('demo:boot')[0].startTime;
    return {
      plyr: since('demo:plyr-ready'),
      event: since('demo:plyr-event'),
      phaser: since('demo:game-ready'),
    };
  });
}

/** Average frame delta (requestAnimationFrame) and average game work per frame (Phaser prestep -> postrender). */
function measureFrames(page, windowMs) {
  return page.evaluate(async (ms) => {
    const game = window.plyrDemo.game;
    let busy = 0;
    let steps = 0;
    let stepStart = 0;
    const onPre = () => {
      stepStart = performance.now();
    };
    const onPost = () => {
      busy += performance.now() - stepStart;
      steps++;
    };
    game.events.on('prestep', onPre);
    game.events.on('postrender', onPost);
    const deltas = await new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const end = last + ms;
      const tick = (t) => {
        out.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(tick);
        else resolve(out);
      };
      requestAnimationFrame(tick);
    });
    game.events.off('prestep', onPre);
    game.events.off('postrender', onPost);
    deltas.shift(); // the first delta spans the evaluate call
    return {
      frameMs: deltas.reduce((a, b) => a + b, 0) / deltas.length,
      workMs: steps ? busy / steps : 0,
      frames: deltas.length,
    };
  }, windowMs);
}

/** Runs the benchmark; resolves to the figures (see the header). */
export async function run() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING);
  const build = spawnSync(process.execPath, ['demo/build.mjs', '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`demo build failed: ${build.stderr}`);
  const { startDemoServer } = await import('../demo/server.mjs');
  // No rate limits: 30 quick reloads each verify the restored session; the bench measures the plugin, not the limiter.
  const demo = await startDemoServer({ port: 0, env: {}, signerOptions: { rateLimit: false } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();

    // Log in once (the stored session every reload restores).
    await page.goto(demo.url);
    await page.click('[data-demo="login"]');
    await page.fill('[data-plyr="plyr-id"]', 'demo-player');
    await page.fill('[data-plyr="otp"]', demo.sandbox.totp('demo-player'));
    await page.click('[data-plyr="submit"]');
    await page.waitForSelector('body[data-scene="Play"]');

    const samples = [];
    const phaserSamples = [];
    const eventSamples = [];
    for (let i = 0; i < RELOADS; i++) {
      await page.reload();
      const { plyr, event, phaser } = await bootToReady(page);
      eventSamples.push(event);
      samples.push(plyr);
      phaserSamples.push(phaser);
      await page.waitForSelector('body[data-scene="Play"]'); // the session really was restored
    }

    const withPlugin = [];
    const withoutPlugin = [];
    const bare = await context.newPage();
    await bare.goto(`${demo.url}/?plyr=off`);
    await bare.click('[data-demo="play-offline"]');
    await bare.waitForSelector('body[data-scene="Play"]');
    for (let r = 0; r < ROUNDS; r++) {
      await page.bringToFront();
      withPlugin.push(await measureFrames(page, FRAME_WINDOW_MS));
      await bare.bringToFront();
      withoutPlugin.push(await measureFrames(bare, FRAME_WINDOW_MS));
    }
    const avg = (xs, key) => xs.reduce((a, x) => a + x[key], 0) / xs.length;
    const withPluginMs = avg(withPlugin, 'frameMs');
    const withoutPluginMs = avg(withoutPlugin, 'frameMs');
    return {
      bootToReadyMs: {
        median: round(median(samples)),
        samples: samples.map((s) => round(s, 2)),
        targetMs: 15,
        plyrReadyOnGameEventsMedianMs: round(median(eventSamples)),
        phaserReadyMedianMs: round(median(phaserSamples)),
      },
      frameTime: {
        withPluginMs: round(withPluginMs),
        withoutPluginMs: round(withoutPluginMs),
        ratio: round(withPluginMs / withoutPluginMs),
        target: 1.02,
        workPerFrame: {
          withPluginMs: round(avg(withPlugin, 'workMs')),
          withoutPluginMs: round(avg(withoutPlugin, 'workMs')),
        },
        frames:
          withPlugin.reduce((a, x) => a + x.frames, 0) + withoutPlugin.reduce((a, x) => a + x.frames, 0),
      },
    };
  } finally {
    await browser.close();
    await demo.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run()
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
