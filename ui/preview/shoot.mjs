// Screenshots of the preview in a real WebKit (WebKitWebDriver driving MiniBrowser) at
// 900×700. Run with the preview served (npm run preview:mock) and an X display:
//   xvfb-run -s '-screen 0 1280x900x24' node preview/shoot.mjs http://127.0.0.1:5199 out/
import { mkdirSync, writeFileSync } from 'node:fs';
import { openBrowser, sleep } from './webdriver.mjs';

const [base = 'http://127.0.0.1:5199', out = 'shots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await openBrowser(base);
const { click, type, go, js } = browser;
const shot = async (name) => { writeFileSync(`${out}/${name}.png`, await browser.screenshot()); console.log(name); };

try {
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
  await click('logs-wrap');
  await js('const i = document.querySelector("[data-testid=logs-search]"); i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true })); return 1');
  await type('logs-search', 'xxxxxxxxxx');
  await sleep(300);
  await click('logs-next');
  await sleep(400);
  await shot('09b-logs-long-line');
  await click('log-expand-40');
  await sleep(500);
  await shot('09c-logs-long-line-expanded');
  await click('log-full-close');
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
  await js('const s = document.querySelector("[data-testid=settings-language]"); s.value = "en"; s.dispatchEvent(new Event("change", { bubbles: true })); return 1');
  await sleep(300);
  await click('nav-levels');
  await sleep(500);
  await shot('15-levels-english');
} finally {
  await browser.close();
}
