// The logs view under a fast log, in a real WebKit: lines kept, frames drawn, CPU and PSS of
// the web process every 5 s. Serve the mock build first (npx vite build --mode mock, then
// npx vite preview --mode mock --host 127.0.0.1 --port 5198), then, with the shell's WebKit
// settings so the figures match the app:
//   WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 GDK_GL=disable JSC_useJIT=0 \
//   RATE=10000 ROUNDS=4 xvfb-run -a node preview/perf.mjs
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openBrowser, sleep } from './webdriver.mjs';

const browser = await openBrowser(process.env.BASE ?? 'http://127.0.0.1:5198');
const { click, go, js, driver } = browser;

try {
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
} finally {
  await browser.close();
}
