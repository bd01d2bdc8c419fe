// A small WebDriver client for the preview scripts: starts WebKitWebDriver, opens MiniBrowser
// at 900×700 and offers the few actions the scripts use, by data-testid.
import { spawn } from 'node:child_process';

const PORT = 4499;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function openBrowser(base) {
  const driver = spawn('WebKitWebDriver', [`--port=${PORT}`], { stdio: 'ignore' });
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
    const find = async (testid) => Object.values(await wd('POST', s('/element'), { using: 'css selector', value: `[data-testid="${testid}"]` }))[0];
    return {
      driver,
      click: async (testid) => wd('POST', s(`/element/${await find(testid)}/click`), {}),
      type: async (testid, text) => wd('POST', s(`/element/${await find(testid)}/value`), { text }),
      screenshot: async () => Buffer.from(await wd('GET', s('/screenshot')), 'base64'),
      go: async (q) => { await wd('POST', s('/url'), { url: `${base}/preview/index.html${q}` }); await sleep(1500); },
      js: (script) => wd('POST', s('/execute/sync'), { script, args: [] }),
      close: async () => { try { await wd('DELETE', s('')); } finally { driver.kill(); } },
    };
  } catch (e) {
    driver.kill();
    throw e;
  }
}
