// Starts the real server jar, opens /docs and /redoc in headless Chromium (Debian's), and checks that the pages
// render the contract: the inference routes are listed, and "Try it out" on /info gets a 200 from the server.
// Screenshots go to the folder given as the first argument. Exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, cpSync, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = resolve(process.argv[2] || join(root, 'target', 'browser'));
mkdirSync(out, { recursive: true });
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

async function startServer() {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'browser-store-'));
  cpSync(join(root, 'server', 'src', 'test', 'resources', 'model-store'), store, { recursive: true });
  const log = createWriteStream(join(out, 'server.log'));
  const proc = spawn('java', ['-jar', join(root, 'server', 'target', 'jinference-server.jar')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MODEL_CACHE_DIR: store, OFFLINE_MODE: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(log);
  proc.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error('server exited; see ' + join(out, 'server.log'));
    try { if ((await fetch(url + '/healthz')).ok) return { url, proc, store }; } catch { /* not up yet */ }
    await new Promise(r => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error('server did not start within 60 s');
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log('ok - ' + message);
}

const { url, proc, store } = await startServer();
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const outside = [];
  // What the pages need to work (documents, scripts, styles, the contract) must come from the server itself, so
  // that they work offline; ReDoc's footer logo (an image on its CDN) may fail without harm.
  const needed = ['document', 'script', 'stylesheet', 'fetch', 'xhr'];
  page.on('request', r => {
    if (needed.includes(r.resourceType()) && !r.url().startsWith(url) && !r.url().startsWith('blob:')) {
      outside.push(r.url());
    }
  });

  // Swagger UI
  await page.goto(url + '/docs');
  await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
  const paths = await page.$$eval('.opblock-summary-path', els => els.map(e => e.getAttribute('data-path')));
  for (const p of ['/infer/object_detection', '/infer/instance_segmentation', '/infer/classification',
    '/infer/keypoints_detection', '/{dataset_id}/{version_id}', '/workflows/run', '/info']) {
    check(paths.includes(p), `/docs lists ${p}`);
  }
  const info = page.locator('.opblock-get', { has: page.locator('[data-path="/info"]') }).first();
  await info.locator('.opblock-summary').click();
  await info.locator('button.try-out__btn').click();
  await info.locator('button.execute').click();
  const status = info.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor({ timeout: 30_000 });
  const code = (await status.innerText()).trim();
  check(code.startsWith('200'), '"Try it out" on /info answered 200 (got ' + code + ')');
  const body = await info.locator('.live-responses-table tbody .microlight').first().innerText();
  check(body.includes('"version"') && body.includes('"name"'), 'the /info answer is shown: ' + body.slice(0, 80));
  await page.screenshot({ path: join(out, 'docs.png'), fullPage: false });

  // ReDoc
  await page.goto(url + '/redoc');
  await page.waitForSelector('[data-section-id^="operation/"]', { timeout: 30_000 });
  const text = await page.textContent('body');
  check(text.includes('/infer/object_detection') && text.includes('/workflows/run'), '/redoc renders the routes');
  await page.screenshot({ path: join(out, 'redoc.png'), fullPage: false });
  check(outside.length === 0, 'the pages load their scripts, styles and contract from the server only' + outside.join(', '));
} catch (e) {
  failed = true;
  console.error('not ok - ' + e.message);
  for (const p of browser.contexts().flatMap(c => c.pages())) {
    await p.screenshot({ path: join(out, 'failure.png') }).catch(() => {});
  }
} finally {
  await browser.close();
  proc.kill();
  rmSync(store, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
