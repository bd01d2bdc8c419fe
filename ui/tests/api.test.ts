// The api module against Tauri's own IPC mock: each function must call the command the
// contract names with the argument names Tauri expects (camelCase on this side).
import { beforeAll, describe, expect, it } from 'vitest';

type Call = { cmd: string; args: Record<string, unknown> };
const calls: Call[] = [];
let reply: (cmd: string) => unknown = () => null;

let api: typeof import('../src/lib/api');

beforeAll(async () => {
  // The mock installs itself on `window`; under Node the global object stands in for it.
  (globalThis as Record<string, unknown>).window = globalThis;
  const { mockIPC } = await import('@tauri-apps/api/mocks');
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    return reply(cmd);
  });
  api = await import('../src/lib/api');
});

const last = () => calls[calls.length - 1];
const noop = () => {};

describe('api', () => {
  it('calls each command by its contract name with camelCase arguments', async () => {
    const cases: [() => Promise<unknown>, string, string[]][] = [
      [() => api.labsOverview(), 'labs_overview', []],
      [() => api.labDetail('level-0'), 'lab_detail', ['lab']],
      [() => api.labUp('level-0', true, noop), 'lab_up', ['lab', 'force', 'onEvent']],
      [() => api.labDown('level-0'), 'lab_down', ['lab']],
      [() => api.labRestart('level-0', null, noop), 'lab_restart', ['lab', 'service', 'onEvent']],
      [() => api.serviceStop('level-0', 'api'), 'service_stop', ['lab', 'service']],
      [() => api.serviceStart('level-0', 'api', noop), 'service_start', ['lab', 'service', 'onEvent']],
      [() => api.resetPlan('level-0', 'api'), 'reset_plan', ['lab', 'service']],
      [() => api.labReset('level-0', null, noop), 'lab_reset', ['lab', 'service', 'onEvent']],
      [() => api.exercises('level-0'), 'exercises', ['lab']],
      [() => api.checkRun('level-0', []), 'check_run', ['lab', 'exercises']],
      [() => api.progress(), 'progress', []],
      [() => api.progressExport('/tmp/r.html', 'html'), 'progress_export', ['path', 'format']],
      [() => api.identityGet(), 'identity_get', []],
      [() => api.identitySet({ name: 'Ana', student_id: null, group: null }), 'identity_set', ['identity']],
      [() => api.doctor(), 'doctor', []],
      [() => api.settingsGet(), 'settings_get', []],
      [() => api.settingsSet({ language: 'en', workspace: null, engine_endpoint: null, port_offset: 0, expose_lan: false, image_mirrors: [] }), 'settings_set', ['settings']],
      [() => api.engineStatus(), 'engine_status', []],
      [() => api.openUrl('http://127.0.0.1:8989/docs'), 'open_url', ['url']],
      [() => api.uiReady(), 'ui_ready', []],
      [() => api.logsExport('/tmp/l.log', 'a | b'), 'logs_export', ['path', 'text']],
      [() => api.imagesSave(['level-2'], '/tmp/i.tar', noop, noop), 'images_save', ['labs', 'path', 'onEvent', 'onBytes']],
      [() => api.imagesLoad('/tmp/i.tar', noop), 'images_load', ['path', 'onBytes']],
    ];
    for (const [f, cmd, keys] of cases) {
      await f();
      expect(last().cmd, `the function for ${cmd}`).toBe(cmd);
      expect(Object.keys(last().args).sort(), `arguments of ${cmd}`).toEqual([...keys].sort());
    }
  });

  it('follows logs with a handle, asks for batch after batch, and stops them by that handle', async () => {
    const batches = [{ lines: [{ service: 'mlflow', stream: 'stdout', line: 'one', ts_ms: 1 }], dropped: 0 }, { lines: [], dropped: 3 }];
    reply = (cmd) => (cmd === 'logs_follow' ? 7 : cmd === 'logs_next' ? (batches.shift() ?? null) : null);
    const got: unknown[] = [];
    let ended: unknown = 'not yet';
    const follow = await api.logsFollow('level-2', ['mlflow'], 500, (b) => got.push(b), (f) => (ended = f));
    const opened = calls.filter((c) => c.cmd === 'logs_follow').pop();
    expect(opened?.args.tail, 'tail passed through').toBe(500);
    expect(Object.keys(opened?.args ?? {}).sort(), 'logs_follow arguments').toEqual(['lab', 'services', 'tail']);
    await new Promise((r) => setTimeout(r, 20));
    expect(got.length, 'each batch the backend answers reaches the view, in order').toBe(2);
    expect(calls.filter((c) => c.cmd === 'logs_next').every((c) => c.args.handle === 7), 'batches are asked for by the handle').toBe(true);
    expect(ended, 'a null answer ends the stream and says so once').toBeNull();
    await follow.stop();
    expect(last(), 'stop names the handle the backend gave').toEqual({ cmd: 'logs_stop', args: { handle: 7 } });
    const count = calls.length;
    await follow.stop();
    expect(calls.length, 'a second stop does not call the backend again').toBe(count);
    reply = () => null;
  });

  it('stops asking for batches once stopped', async () => {
    reply = (cmd) => (cmd === 'logs_follow' ? 9 : cmd === 'logs_next' ? new Promise((r) => setTimeout(() => r({ lines: [], dropped: 1 }), 5)) : null);
    const got: unknown[] = [];
    const follow = await api.logsFollow('level-2', [], 10, (b) => got.push(b));
    await new Promise((r) => setTimeout(r, 30));
    await follow.stop();
    const asked = calls.filter((c) => c.cmd === 'logs_next').length;
    const seen = got.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(calls.filter((c) => c.cmd === 'logs_next').length, 'no request after the stop').toBeLessThanOrEqual(asked);
    expect(got.length, 'no batch reaches the view after the stop').toBe(seen);
    expect(seen, 'batches came while following').toBeGreaterThan(0);
    reply = () => null;
  });

  it('rejects with the Failure the backend sent, or wraps anything else', async () => {
    const failure = { code: 'ports.busy', message: { es: 'Puerto ocupado', en: 'Port busy' }, remedy: { kind: 'port_offset', offset: 100 }, input: false };
    reply = () => { throw failure; };
    await expect(api.labUp('level-0', false, noop), 'a Failure arrives unchanged').rejects.toEqual(failure);
    reply = () => { throw 'plain text'; };
    await expect(api.labDown('level-0'), 'anything else becomes a Failure').rejects.toEqual({
      code: 'ui.unexpected', message: { es: 'plain text', en: 'plain text' }, remedy: null, input: false,
    });
    reply = () => null;
  });
});
