"""The desktop app's footprint under Xvfb: launch to levels drawn, idle memory (PSS of the app
and its WebKit processes) and idle CPU with one lab running, and the logs view following a
container that prints 10,000 lines a second. Run through scripts/bench-desktop.sh."""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

FLOOD = r"""n=0
while :; do
  j=0
  while [ $j -lt 1000 ]; do echo "flood $n"; n=$((n+1)); j=$((j+1)); done
  sleep 0.1
done"""


def lab_folder(root, lab_id, image, command):
    path = os.path.join(root, lab_id)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "compose.yaml"), "w") as f:
        # `$$`: compose would interpolate the shell's own variables.
        f.write(f"services:\n  app:\n    image: {image}\n    command: {json.dumps(['sh', '-c', command.replace('$', '$$')])}\n")
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


def pss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(l.split()[1]) for l in f if l.startswith("Pss:"))
        except OSError:
            pass
    return total


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
    driver = subprocess.Popen([args.tauri_driver, "--port", str(port), "--native-port", str(native)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        session = wd(port, "POST", "/session", {"capabilities": {"alwaysMatch": {"tauri:options": {"application": args.app}}}})["sessionId"]
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
        samples = []
        for _ in range(13):
            container = subprocess.run(["docker", "logs", "--tail", "1", args.flood_container], capture_output=True, text=True).stdout.strip()
            shown = [int(m) for m in re.findall(r"flood (\d+)", text("[data-testid=logs-viewport]"))]
            samples.append({
                "pss_mib": pss_kib(tree(app_pid)) / 1024,
                "container_last": int(container.split()[-1]) if container else 0,
                "view_last": max(shown) if shown else 0,
                "counter": text("[data-testid=logs-count]"),
            })
            time.sleep(5)
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
        idle = lab_folder(root, f"{tag}-idle", args.image, "echo ready; exec sleep 100000")
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
          f"from main(): median {statistics.median(inner):.2f} s)")

    proc, _, _ = launch_to_levels(args, extra)
    time.sleep(10)
    pids = tree(proc.pid)
    pss = [pss_kib(pids) / 1024]
    hz = os.sysconf("SC_CLK_TCK")
    t0, c0 = time.monotonic(), cpu_ticks(pids)
    for _ in range(6):
        time.sleep(10)
        pss.append(pss_kib(pids) / 1024)
    cpu = (cpu_ticks(pids) - c0) / hz / (time.monotonic() - t0) * 100
    names = subprocess.run(["ps", "-o", "comm=", "-p", ",".join(map(str, pids))], capture_output=True, text=True).stdout.split()
    print(f"idle with one lab running: PSS median {statistics.median(pss):.1f} MiB over {len(pids)} processes ({', '.join(names)}); "
          f"CPU {cpu:.2f}% of one core over 60 s")
    stop(proc)

    start_flood()
    args.flood_container = subprocess.run(["docker", "ps", "-q", "--filter", f"label=io.nivel.lab={flood_id}"],
                                          capture_output=True, text=True).stdout.split()[0]
    samples = logs_view(args, extra, flood_id)
    full = samples[4:]  # from 20 s on, past the 100,000-line buffer filling at 10,000 lines/s
    mem = [s["pss_mib"] for s in full]
    lag = [s["container_last"] - s["view_last"] for s in full]
    for i, s in enumerate(samples):
        print(f"  logs t={i * 5:>2} s: PSS {s['pss_mib']:.1f} MiB, container line {s['container_last']}, view's last line {s['view_last']}, counter «{s['counter']}»")
    print(f"logs view at 10,000 lines/s: PSS {min(mem):.1f}–{max(mem):.1f} MiB once the buffer is full (spread {max(mem) - min(mem):.1f} MiB); "
          f"lag behind the container median {statistics.median(lag)} lines")


if __name__ == "__main__":
    main()
