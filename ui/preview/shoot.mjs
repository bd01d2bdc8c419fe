// Screenshots of the preview in a real WebKit (WebKitWebDriver driving MiniBrowser) at
// 900×700. Run with the preview served (npm run preview:mock) and an X display:
//   xvfb-run -s '-screen 0 1280x900x24' node preview/shoot.mjs http://127.0.0.1:5199 out/
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';

const [base = 'http://127.0.0.1:5199', out = 'shots'] = process.argv.slice(2);
const PORT = 4499;
mkdirSync(out, { recursive: true });
const driver = spawn('WebKitWebDriver', [`--port=${PORT}`], { stdio: 'ignore' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const wd = async (method, path, body) => {
  const r = await fetch(`http://127.0.0.1:${PORT}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const j = await r.json();
  if (j.value?.error) throw new Error(`${path}: ${j.value.error} ${j.value.message}`);
  return j.value;
};

try {
  await sleep(800);
  const { sessionId: id } = await wd('POST', '/session', { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': {
    binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation', '--geometry=900x700'] } } } });
  const s = (p) => `/session/${id}${p}`;
  await wd('POST', s('/window/rect'), { width: 900, height: 700 });
  const find = async (testid) => (Object.values(await wd('POST', s('/element'), { using: 'css selector', value: `[data-testid="${testid}"]` }))[0]);
  const click = async (testid) => wd('POST', s(`/element/${await find(testid)}/click`), {});
  const type = async (testid, text) => wd('POST', s(`/element/${await find(testid)}/value`), { text });
  const shot = async (name) => { writeFileSync(`${out}/${name}.png`, Buffer.from(await wd('GET', s('/screenshot')), 'base64')); console.log(name); };
  const go = async (q) => { await wd('POST', s('/url'), { url: `${base}/preview/index.html${q}` }); await sleep(1500); };
  const js = (script) => wd('POST', s('/execute/sync'), { script, args: [] });

  await go('?engine=off');
  await sleep(1500);
  await shot('01-no-engine');
  await go('');
  await shot('02-levels');
  await click('btn-start-level-0');
  await sleep(1200);
  await shot('03-lab-starting');
  await click('nav-levels');
  await sleep(500);
  await shot('04-levels-while-starting');
  await click('btn-open-level-0');
  await sleep(3500);
  await shot('05-lab-running');
  await click('btn-reset-api');
  await sleep(600);
  await shot('06-reset-dialog');
  await click('btn-reset-cancel');
  await click('btn-logs-level-0');
  await sleep(1500);
  await shot('07-logs');
  await type('logs-search', 'ERROR');
  await sleep(300);
  await click('logs-next');
  await sleep(400);
  await shot('08-logs-search');
  await click('logs-wrap');
  await sleep(400);
  await shot('09-logs-wrap');
  console.log('rows in DOM', await js('return document.querySelectorAll("[data-testid=log-row]").length'));
  await go('?rate=10000&running=level-2');
  await click('btn-open-level-2');
  await sleep(800);
  await click('btn-logs-level-2');
  await sleep(5000);
  console.log('after 5 s at 10,000 lines/s:', await js('return document.querySelector("[data-testid=logs-count]").textContent + " / rows in DOM " + document.querySelectorAll("[data-testid=log-row]").length'));
  await shot('10-logs-fast');
  const t0 = Date.now();
  await js('return 1');
  console.log('script round trip while streaming (ms):', Date.now() - t0);
  await go('');
  await click('btn-start-level-3');
  await sleep(1000);
  await shot('11-start-failed-remedy');
  await click('nav-exercises');
  await sleep(500);
  await click('btn-check');
  await sleep(500);
  await shot('12-exercises');
  await click('nav-doctor');
  await sleep(500);
  await shot('13-doctor');
  await click('nav-settings');
  await sleep(500);
  await click('settings-expose-lan');
  await sleep(300);
  await shot('14-settings');
  await wd('DELETE', s(''));
} finally {
  driver.kill();
}
