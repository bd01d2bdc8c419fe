// The logs view under a fast log, in a real WebKit: lines kept, frames drawn, CPU and PSS of
// the web process every 5 s. Serve the mock build first (npx vite build --mode mock, then
// npx vite preview --mode mock --host 127.0.0.1 --port 5198), then, with the shell's WebKit
// settings so the figures match the app:
//   WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 GDK_GL=disable JSC_useJIT=0 \
//   RATE=10000 ROUNDS=4 xvfb-run -a node preview/perf.mjs
import { spawn } from 'node:child_process';

const base = process.env.BASE ?? "http://127.0.0.1:5198";
const PORT = 4499;
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
  const go = async (q) => { await wd('POST', s('/url'), { url: `${base}/preview/index.html${q}` }); await sleep(1500); };
  const js = (script) => wd('POST', s('/execute/sync'), { script, args: [] });
  const { execSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  // Only the web processes this run started (the machine is shared): descendants of our driver.
  const parent = (p) => { try { return Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]); } catch { return 0; } };
  const ours = (p) => { for (let q = Number(p); q > 1; q = parent(q)) if (q === driver.pid) return true; return false; };
  const webPids = () => execSync('pgrep -f WebKitWebProcess || true').toString().trim().split('\n').filter(Boolean).filter(ours);
  const cpu = () => webPids().reduce((t, p) => { try { const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' '); return t + Number(f[11]) + Number(f[12]); } catch { return t; } }, 0);
  const pss = () => webPids().reduce((t, p) => { try { return t + Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))[1]); } catch { return t; } }, 0);
  await go(`?rate=${process.env.RATE ?? 10000}&running=level-2`);
  await click('btn-open-level-2'); await sleep(800);
  await click('btn-logs-level-2'); await sleep(1000);
  if (process.env.CSS) await js(`const st = document.createElement('style'); st.textContent = ${JSON.stringify(process.env.CSS)}; document.head.appendChild(st); return 1`);
  await js('window.__frames = 0; (function f(){ window.__frames++; requestAnimationFrame(f); })(); return 1');
  const count = async () => Number((await js('return document.querySelector("[data-testid=logs-count]").textContent')).replace(/\D.*$/, '').replace(/[.,\s]/g, ''));
  for (let i = 0; i < Number(process.env.ROUNDS ?? 2); i++) {
    const c = cpu(); const n0 = await count(); const t0 = Date.now(); await sleep(5000);
    const n1 = await count(); const t = Date.now();
    const rt0 = Date.now(); await js('return 1'); const rt = Date.now() - rt0;
    console.log(`t=${(i + 1) * 5}s lines=${n1} (+${n1 - n0} in ${(t - t0) / 1000}s) frames=${await js('const f = window.__frames; window.__frames = 0; return f')} cpu%=${((cpu() - c) / (t - t0) * 1000).toFixed(0)} roundtrip=${rt}ms PSS=${(pss() / 1024).toFixed(1)}MB`);
  }
  await wd('DELETE', s(''));
} finally { driver.kill(); }
