"""The desktop app's footprint under Xvfb: launch to levels drawn, idle memory (PSS of the app
and its WebKit processes) and idle CPU with one lab running, and the logs view following a
container that prints 10,000 lines a second. Run through scripts/bench-desktop.sh."""

import argparse
import sys
import json
import os
import re
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

# 10,000 lines a second by the wall clock: ten batches of 1,000 (`seq` writes a batch in a
# few large writes; a shell `echo` per line only reached ~6,500 lines/s here), then a wait for
# the next second.
FLOOD = r"""n=0
sep="$(printf '\nflood ')"
while :; do
  s=$(date +%s)
  b=0
  while [ $b -lt 10 ]; do
    printf 'flood '; busybox seq -s "$sep" $n $((n+999))
    n=$((n+1000)); b=$((b+1))
    usleep 50000
  done
  while [ "$(date +%s)" = "$s" ]; do usleep 20000; done
done"""

# An idle lab as the course's labs are: its service probed by a healthcheck every second, so
# the engine keeps producing exec events the app must not wake up for.
HEALTHCHECK = '    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1s\n      timeout: 1s\n      retries: 3\n'


def lab_folder(root, lab_id, image, command, extra=""):
    path = os.path.join(root, lab_id)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "compose.yaml"), "w") as f:
        # `$$`: compose would interpolate the shell's own variables.
        f.write(f"services:\n  app:\n    image: {image}\n    command: {json.dumps(['sh', '-c', command.replace('$', '$$')])}\n{extra}")
    with open(os.path.join(path, "lab.toml"), "w") as f:
        f.write(f'format = 1\nid = "{lab_id}"\ntitle = {{ es = "{lab_id}", en = "{lab_id}" }}\n'
                f'summary = {{ es = "Banco de pruebas.", en = "Benchmark." }}\n')
    return path


def tree(pid):
    """pid and every descendant."""
    out = [pid]
    for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
        out += tree(int(child))
    return out


def rollup_kib(pids, field):
    """Sum of one field (`Pss`, `Rss`) of /proc/PID/smaps_rollup over `pids`, in KiB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(l.split()[1]) for l in f if l.startswith(field + ":"))
        except OSError:
            pass
    return total


def pss_kib(pids):
    return rollup_kib(pids, "Pss")


def rss_kib(pids):
    return rollup_kib(pids, "Rss")


# Libraries whose pages our processes share with any other process that maps them: Mesa's
# LLVM (any OpenGL program under software rendering, an Xvfb that served GLX), WebKit and
# JavaScriptCore (any other WebKit app or driver).
SHARED_LIBRARIES = ("libLLVM", "libwebkit2gtk", "libjavascriptcoregtk")


def foreign_webkit(ours, display):
    """Processes outside `ours` that map the big libraries ours use: they share those pages,
    which lowers our PSS, so a figure taken beside them reads low (by up to ~8 MiB). The X
    server the app draws on is part of what is measured (an Xvfb maps Mesa's LLVM for GLX, as
    a desktop's X server maps its GPU driver), not a stranger."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in ours:
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            if argv[0].endswith(b"Xvfb") and display.encode() in argv:
                continue
            with open(f"/proc/{entry}/maps") as f:
                if any(lib in f.read() for lib in SHARED_LIBRARIES):
                    found.append(int(entry))
        except OSError:
            pass
    return sorted(found)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def per_process(pids):
    """`name PSS` for each process, in MiB."""
    out = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        out.append(f"{name} {pss_kib([pid]) / 1024:.1f}")
    return ", ".join(out)


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total


# How long the logs view follows the flood: long enough to see whether memory still grows once
# the 100,000-line buffer is full (it is after about 10 s; the web process's heap settles over
# the next few minutes).
LOGS_SECONDS = int(os.environ.get("NIVEL_BENCH_LOGS_SECONDS", "300"))


def app_env(args, extra):
    env = dict(os.environ, DISPLAY=args.display, DBUS_SESSION_BUS_ADDRESS=args.bus, NIVEL_DATA_DIR=args.data,
               NIVEL_LANG="es", NIVEL_REPORT_READY="1", NIVEL_EXTRA_LABS=extra)
    return env


def launch_to_levels(args, extra):
    env = app_env(args, extra)
    start = time.monotonic()
    proc = subprocess.Popen([args.app], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        if "levels drawn" in line:
            return proc, time.monotonic() - start, int(re.search(r"(\d+) ms", line).group(1))
    raise SystemExit("the app ended before drawing the levels")


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def wd(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["value"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def logs_view(args, extra, flood_id):
    port, native = free_port(), free_port()
    env = app_env(args, extra)
    driver_log = tempfile.TemporaryFile(mode="w+")
    driver = subprocess.Popen([args.tauri_driver, "--port", str(port), "--native-port", str(native)], env=env,
                              stdout=driver_log, stderr=subprocess.STDOUT)
    try:
        # Both ports: tauri-driver accepts before the WebKit driver it starts is listening, and
        # a session asked for meanwhile fails.
        for listening in (port, native):
            for _ in range(600):
                try:
                    socket.create_connection(("127.0.0.1", listening), 0.1).close()
                    break
                except OSError:
                    time.sleep(0.05)
        try:
            session = wd(port, "POST", "/session", {"capabilities": {"alwaysMatch": {"tauri:options": {"application": args.app}}}})["sessionId"]
        except OSError:
            driver_log.seek(0)
            sys.stderr.write("tauri-driver and the app said:\n" + driver_log.read()[-4000:])
            raise
        base = f"/session/{session}"

        def find(sel, timeout=30):
            end = time.monotonic() + timeout
            while True:
                try:
                    return wd(port, "POST", base + "/element", {"using": "css selector", "value": sel})["element-6066-11e4-a52e-4f735466cecf"]
                except Exception:
                    if time.monotonic() > end:
                        raise
                    time.sleep(0.2)

        def text(sel):
            try:
                return wd(port, "GET", base + f"/element/{find(sel, 5)}/text")
            except Exception:
                return ""

        wd(port, "POST", base + f"/element/{find(f'[data-testid=btn-open-{flood_id}]')}/click", {})
        wd(port, "POST", base + f"/element/{find(f'[data-testid=btn-logs-{flood_id}]')}/click", {})
        find("[data-testid=log-row]")
        app_pid = next(int(p) for p in subprocess.run(["pgrep", "-f", "-n", args.app], capture_output=True, text=True).stdout.split())
        hz = os.sysconf("SC_CLK_TCK")
        samples = []
        count = LOGS_SECONDS // 5 + 1
        for i in range(count):
            t = time.monotonic()
            container = subprocess.run(["docker", "logs", "--tail", "1", args.flood_container], capture_output=True, text=True).stdout.strip()
            # Responsiveness: a script's round trip through the page's main thread.
            asked = time.monotonic()
            rows = wd(port, "POST", base + "/execute/sync", {"script": "return document.querySelectorAll('[data-testid=log-row]').length", "args": []})
            answered = time.monotonic()
            shown = [int(m) for m in re.findall(r"flood (\d+)", text("[data-testid=logs-viewport]"))]
            pids = tree(app_pid)
            samples.append({
                "t": t,
                "pss_mib": pss_kib(pids) / 1024,
                "per_process": per_process(pids),
                "rss_mib": rss_kib(pids) / 1024,
                "ticks": cpu_ticks(pids),
                "container_last": int(container.split()[-1]) if container else 0,
                "view_last": max(shown) if shown else 0,
                "counter": text("[data-testid=logs-count]"),
                "script_ms": (answered - asked) * 1000,
                "rows": rows,
            })
            if i < count - 1:
                time.sleep(max(0.0, t + 5 - time.monotonic()))
        for s in samples:
            s["hz"] = hz
        wd(port, "DELETE", base)
        return samples
    finally:
        driver.terminate()
        driver.wait(10)


def main():
    p = argparse.ArgumentParser()
    for a in ["app", "nivel", "image", "display", "bus", "tauri-driver"]:
        p.add_argument("--" + a, required=True)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as root:
        args.data = os.path.join(root, "data")
        tag = f"bench-desktop-{os.getpid()}"
        idle = lab_folder(root, f"{tag}-idle", args.image, "echo ready; exec sleep 100000", HEALTHCHECK)
        flood = lab_folder(root, f"{tag}-flood", args.image, FLOOD)
        nivel = lambda *a: subprocess.run([args.nivel, *a], env=dict(os.environ, NIVEL_DATA_DIR=args.data),
                                          check=True, stdout=subprocess.DEVNULL)
        try:
            nivel("up", idle)
            measure(args, f"{idle}:{flood}", lambda: nivel("up", flood), f"{tag}-flood")
        finally:
            for lab in (idle, flood):
                subprocess.run([args.nivel, "down", "-v", lab], env=dict(os.environ, NIVEL_DATA_DIR=args.data),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def engine_events(seconds):
    """How many container events the engine sent for compose projects (every user's, not only
    the app's) during the next `seconds`: what the app's feed is exposed to."""
    return subprocess.Popen(["timeout", str(seconds), "docker", "events", "--filter", "type=container",
                             "--filter", "label=com.docker.compose.project", "--format", "{{.Action}}"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def count_events(proc):
    actions = proc.communicate()[0].split("\n")
    execs = sum(1 for a in actions if a.startswith("exec_"))
    others = sum(1 for a in actions if a and not a.startswith("exec_"))
    return f"{execs} exec (healthchecks), {others} other"


def measure(args, extra, start_flood, flood_id):
    # Warm-up launch (installs the built-in labs into the data folder), then the timed runs.
    proc, _, _ = launch_to_levels(args, extra)
    stop(proc)
    walls, inner = [], []
    for _ in range(args.runs):
        proc, wall, ms = launch_to_levels(args, extra)
        walls.append(wall)
        inner.append(ms / 1000)
        stop(proc)
    print(f"launch to levels drawn: median {statistics.median(walls):.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)}; "
          f"from main(): median {statistics.median(inner):.2f} s); load average {load()}")

    proc, _, _ = launch_to_levels(args, extra)
    time.sleep(10)
    pids = tree(proc.pid)
    pss = [pss_kib(pids) / 1024]
    hz = os.sysconf("SC_CLK_TCK")
    events = engine_events(60)
    t0, c0 = time.monotonic(), [cpu_ticks([p]) for p in pids]
    foreign = set(foreign_webkit(pids, args.display))
    for _ in range(6):
        time.sleep(10)
        pss.append(pss_kib(pids) / 1024)
        foreign |= set(foreign_webkit(pids, args.display))
    elapsed = time.monotonic() - t0
    ticks = [cpu_ticks([p]) - c for p, c in zip(pids, c0)]
    cpu = sum(ticks) / hz / elapsed * 100
    names = subprocess.run(["ps", "-o", "comm=", "-p", ",".join(map(str, pids))], capture_output=True, text=True).stdout.split()
    print(f"idle with one lab running (1 s healthcheck): PSS median {statistics.median(pss):.1f} MiB = {statistics.median(pss) * 1.048576:.1f} MB "
          f"(min {min(pss):.1f}, max {max(pss):.1f} MiB; at the end {per_process(pids)}); load average {load()}")
    if foreign:
        print(f"  warning: {len(foreign)} other processes mapped WebKit or Mesa's LLVM meanwhile (pids {sorted(foreign)}); they share library pages and lower these PSS figures")
    print(f"idle CPU over 60 s: {cpu:.2f}% of one core ({', '.join(f'{n} {t / hz / elapsed * 100:.2f}%' for n, t in zip(names, ticks))}); "
          f"engine events meanwhile: {count_events(events)}")
    stop(proc)

    start_flood()
    args.flood_container = subprocess.run(["docker", "ps", "-q", "--filter", f"label=io.nivel.lab={flood_id}"],
                                          capture_output=True, text=True).stdout.split()[0]
    samples = logs_view(args, extra, flood_id)
    for s in samples:
        t = s["t"] - samples[0]["t"]
        print(f"  logs t={t:4.1f} s: PSS {s['pss_mib']:.1f} MiB ({s['per_process']}), RSS {s['rss_mib']:.1f} MiB, container line {s['container_last']}, view's last line {s['view_last']}, "
              f"rows drawn {s['rows']}, script round trip {s['script_ms']:.0f} ms, counter «{s['counter']}»")
    first, last = samples[0], samples[-1]
    seconds = last["t"] - first["t"]
    rate = (last["container_last"] - first["container_last"]) / seconds
    full = [s for s in samples if s["t"] - first["t"] >= 30]  # the buffer full since well before
    mem = [s["pss_mib"] for s in full]
    rss = [s["rss_mib"] for s in full]
    # A sample whose viewport text could not be read (the page busy past the read's timeout)
    # says nothing about the lag; it is counted apart.
    lag = [s["container_last"] - s["view_last"] for s in full if s["view_last"] > 0] or [0]
    unread = sum(1 for s in full if s["view_last"] == 0)
    cpu = (last["ticks"] - first["ticks"]) / first["hz"] / seconds * 100
    trips = [s["script_ms"] for s in samples]
    # Flat means the memory of one minute is the memory of the next: medians per minute.
    minutes = [[s["pss_mib"] for s in full if m * 60 <= s["t"] - first["t"] < (m + 1) * 60 + 0.5] for m in range(1, LOGS_SECONDS // 60)]
    per_minute = ", ".join(f"minute {m + 2}: {statistics.median(v):.1f}" for m, v in enumerate(minutes) if v)
    print(f"logs view following {rate:,.0f} lines/s: PSS {min(mem):.1f}–{max(mem):.1f} MiB from 30 s on (medians {per_minute} MiB; RSS spread {max(rss) - min(rss):.1f} MiB); "
          f"lag behind the container median {statistics.median(lag)} lines (max {max(lag)}; {unread} samples unread); page script round trip median {statistics.median(trips):.0f} ms "
          f"(max {max(trips):.0f}); app CPU {cpu:.0f}% of one core; counter at the end «{last['counter']}»; load average {load()}")


if __name__ == "__main__":
    main()
