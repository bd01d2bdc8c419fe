// A pretend backend for the preview: sample labs from labs/*/lab.toml, a start that streams
// progress, logs at a chosen rate (with one 100,000-character line), checks that fail then
// pass. Scenario by query string: ?engine=off, ?rate=10000 (log lines per second).
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import type { Channel } from '@tauri-apps/api/core';
import type { Event } from '../src/lib/bindings/Event';
import type { ExerciseView } from '../src/lib/bindings/ExerciseView';
import type { LabCard } from '../src/lib/bindings/LabCard';
import type { LabState } from '../src/lib/bindings/LabState';
import type { LogBatch } from '../src/lib/bindings/LogBatch';
import type { ServiceView } from '../src/lib/bindings/ServiceView';
import type { Settings } from '../src/lib/bindings/Settings';
import labs from './labs.json';

type Args = Record<string, unknown>;
const state: Record<string, LabState> = {};
const checks: Record<string, number> = {};
let settings: Settings = { language: 'es', workspace: null, engine_endpoint: null, port_offset: 0, expose_lan: false, image_mirrors: [] };
const started = Date.now() - 3_720_000;

function card(id: string): LabCard {
  const l = labs.find((x) => x.id === id)!;
  const s = state[id] ?? 'stopped';
  const heavy = l.level === 2;
  return {
    id: l.id, level: l.level, title: l.title, summary: l.summary, services: l.services,
    requirements: { memory: heavy ? 6e9 : 1e9, cpus: heavy ? 4 : 1, disk: 4e9, engine: { major: 20, minor: 10, patch: 0 } },
    verdict: heavy
      ? { level: 'ready_with_warnings', reasons: [{ code: 'memory.tight', severity: 'warning', message: { es: 'El laboratorio necesita 6 GB de memoria y quedan 5,2 GB libres.', en: 'The lab needs 6 GB of memory and 5.2 GB are free.' }, remedy: { es: 'Cierre otros programas antes de iniciarlo.', en: 'Close other programs before starting it.' } }] }
      : l.level === 4
        ? { level: 'not_ready', reasons: [{ code: 'disk.short', severity: 'blocker', message: { es: 'Faltan 3 GB de disco para las imágenes.', en: '3 GB of disk are missing for the images.' }, remedy: null }] }
        : { level: 'ready', reasons: [] },
    state: s,
    exercises: { passed: Math.min(checks[id] ?? 0, l.exercises.length), total: l.exercises.length },
    links: l.links.map((k) => ({ service: k.service, label: k.label, url: s === 'running' ? `http://127.0.0.1:${k.port}${k.path}` : null })),
  };
}

function services(id: string): ServiceView[] {
  const c = card(id);
  if (c.state === 'stopped') return [];
  return c.services.map((svc, i) => ({
    service: svc,
    state: svc.endsWith('-init') ? 'exited' : 'running',
    health: svc.endsWith('-init') ? null : 'healthy',
    ports: labs.find((x) => x.id === id)!.links.filter((k) => k.service === svc).map((k) => ({ host_ip: '127.0.0.1', host_port: String(k.port), target: k.port ?? 0, protocol: 'tcp', url: `http://127.0.0.1:${k.port}` })),
    started_at_ms: started + i * 1000, restarts: 0, exit_code: svc.endsWith('-init') ? 0 : null, container_id: `c${i}`,
  }));
}

function exercises(id: string): ExerciseView[] {
  const l = labs.find((x) => x.id === id)!;
  const n = checks[id] ?? 0;
  return l.exercises.map((e, i) => ({
    id: e.id, title: e.title, description: { es: '', en: '' }, hint: e.hint,
    status: n === 0 ? 'not_tried' : i < n ? 'passed' : 'failed',
    attempts: n, first_passed_ms: i < n ? Date.now() : null,
    history: Array.from({ length: n }, (_, k) => ({ passed: i < n - k, at_ms: Date.now() - k * 60_000 })),
    last: n === 0 ? null : { passed: i < n, expected: { es: 'GET /health responde {"status": "ok"}', en: 'GET /health answers {"status": "ok"}' }, observed: { es: 'La conexión a 127.0.0.1:8989 fue rechazada.', en: 'The connection to 127.0.0.1:8989 was refused.' }, at_ms: Date.now() },
  }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function up(id: string, ch: Channel<Event>): Promise<unknown> {
  state[id] = 'starting';
  void emit('nivel://lab', { lab: id, service: null, kind: 'changed' });
  const send = (e: Event) => ch.onmessage(e);
  const svcs = card(id).services;
  const total = 480e6;
  for (let i = 0; i <= 10; i++) {
    send({ event: 'pull_progress', done_bytes: (total * i) / 10, total_bytes: total, images_done: i === 10 ? svcs.length : 0, images_total: svcs.length });
    svcs.forEach((s) => send({ event: 'image_progress', service: s, image: `${s}:latest`, done_bytes: (total * i) / 10 / svcs.length, total_bytes: total / svcs.length, status: 'Downloading' }));
    await sleep(300);
  }
  for (const s of svcs) {
    send({ event: 'service_state', service: s, state: 'starting', detail: null });
    await sleep(150);
    send({ event: 'service_state', service: s, state: 'healthy', detail: null });
  }
  state[id] = 'running';
  void emit('nivel://lab', { lab: id, service: null, kind: 'started' });
  return { services: services(id), links: card(id).links, warnings: [] };
}

// A followed log in the preview: lines made at `rate` a second, handed out as the view asks.
type MockFollow = { n: number; tail: number; svcs: string[]; since: number; closed: boolean };
const follows = new Map<number, MockFollow>();
let nextHandle = 1;

function follow(a: Args): number {
  const svcs = (a.services as string[]).length ? (a.services as string[]) : ['api'];
  const handle = nextHandle++;
  follows.set(handle, { n: 0, tail: Number(a.tail), svcs, since: Date.now(), closed: false });
  return handle;
}

function mockLine(f: MockFollow) {
  const i = f.n++;
  return {
    service: f.svcs[i % f.svcs.length], stream: (i % 17 === 0 ? 'stderr' : 'stdout') as 'stdout' | 'stderr', ts_ms: Date.now(),
    line: i === 40 ? 'x'.repeat(100_000) : `\x1b[32mINFO\x1b[0m request ${i} GET /predict 200 in ${i % 90} ms${i % 50 === 0 ? ' ERROR retrying connection' : ''}`,
  };
}

async function next(a: Args, rate: number): Promise<LogBatch | null> {
  const f = follows.get(a.handle as number);
  if (!f || f.closed) return null;
  if (f.tail > 0) {
    const lines = Array.from({ length: f.tail }, () => mockLine(f));
    f.tail = 0;
    return { lines, dropped: 0 };
  }
  await new Promise((r) => setTimeout(r, 50));
  if (f.closed) return null;
  const due = Math.max(1, Math.floor(((Date.now() - f.since) * rate) / 1000) - f.n);
  return { lines: Array.from({ length: due }, () => mockLine(f)), dropped: 0 };
}

export function installMock(q: URLSearchParams): void {
  const engineOn = q.get('engine') !== 'off';
  const rate = Number(q.get('rate') ?? 20);
  if (q.get('running')) state[q.get('running')!] = 'running';
  mockIPC(async (cmd, raw) => {
    const a = (raw ?? {}) as Args;
    const lab = a.lab as string;
    switch (cmd) {
      case 'labs_overview':
        return { engine: engineOn ? { available: true, version: '20.10.24', problem: null } : { available: false, version: null, problem: { code: 'engine.unreachable', message: { es: 'No hay respuesta en /var/run/docker.sock.', en: 'Nothing answers on /var/run/docker.sock.' }, remedy: { kind: 'start_engine' }, input: false } }, labs: labs.map((l) => card(l.id)), notes: [] };
      case 'engine_status':
        return { available: engineOn, version: null, problem: null };
      case 'lab_detail':
        return { card: card(lab), services: services(lab), credentials: state[lab] === 'running' ? [{ id: 'minio', service: 'minio', label: { es: 'Consola de MinIO', en: 'MinIO console' }, user: 'admin', secret: 'q8ZkD0tR3mWv7YbN2cLx5HsA' }] : [] };
      case 'lab_up':
        if (lab === 'level-3') throw { code: 'ports.busy', message: { es: 'El puerto 8000 ya está en uso por otro programa.', en: 'Port 8000 is already used by another program.' }, remedy: { kind: 'port_offset', offset: 100 }, input: false };
        return up(lab, a.onEvent as Channel<Event>);
      case 'lab_down':
        state[lab] = 'stopped';
        void emit('nivel://lab', { lab, service: null, kind: 'stopped' });
        return null;
      case 'reset_plan':
        return { lab, service: a.service, containers: [`${lab}-${a.service ?? 'api'}-1`], volumes: [{ name: `${lab}_data`, size_bytes: 123_400_000 }], networks: a.service ? [] : [`${lab}_default`] };
      case 'lab_reset':
      case 'lab_restart':
      case 'service_start':
        return up(lab, a.onEvent as Channel<Event>);
      case 'service_stop':
        return null;
      case 'logs_follow':
        return follow(a);
      case 'logs_next':
        return next(a, rate);
      case 'logs_stop': {
        const f = follows.get(a.handle as number);
        if (f) f.closed = true;
        follows.delete(a.handle as number);
        return null;
      }
      case 'exercises':
        return exercises(lab);
      case 'check_run':
        checks[lab] = (checks[lab] ?? 0) + 1;
        return { lab, results: exercises(lab), passed: checks[lab], total: exercises(lab).length, warnings: [] };
      case 'progress_export':
        return { path: a.path, bytes: 4_812 };
      case 'doctor':
        return { facts: { os: { name: 'Debian GNU/Linux 13', arch: 'x86_64' }, memory: { total_bytes: 8e9, available_bytes: 5.2e9 }, cpus: 2, engine: { version: '20.10.24', api: '1.41' } }, labs: labs.map((l) => ({ id: l.id, verdict: card(l.id).verdict })) };
      case 'settings_get':
        return settings;
      case 'settings_set':
        settings = a.settings as Settings;
        return settings;
      case 'identity_get':
        return { name: 'Ana Gómez', student_id: '20261234', group: null };
      case 'identity_set':
        return a.identity;
      case 'images_save':
        return { images: ['docker.io/library/postgres:16'], bytes: 153_000_000 };
      case 'images_load':
        return { images: ['docker.io/library/postgres:16'], bytes: 153_000_000 };
      case 'open_url':
        return null;
      default:
        throw { code: 'preview.unknown', message: { es: cmd, en: cmd }, remedy: null, input: false };
    }
  }, { shouldMockEvents: true });
}
