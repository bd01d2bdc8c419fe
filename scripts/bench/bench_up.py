"""Times `nivel up` / `nivel down` against `docker-compose` on the twelve-service,
three-tier health-gated stack, alternating the tools run by run, and prints medians,
ratios and the floor. Run through scripts/bench-up.sh."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import engine
import stack

PREFIX = "nivelbench"


def wait_for_quiet(max_load, cap_s):
    """Waits (up to cap_s) until the one-minute load is below max_load; returns it."""
    give_up = time.monotonic() + cap_s
    while True:
        load = os.getloadavg()[0]
        if load < max_load or time.monotonic() > give_up:
            if load >= max_load:
                print(f"  note: load still {load:.2f} after {cap_s} s; measuring anyway", flush=True)
            return load
        time.sleep(10)


def timed(cmd, env, log):
    t0 = time.monotonic()
    done = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - t0
    if done.returncode != 0:
        log.flush()
        sys.exit(f"bench: `{' '.join(cmd)}` failed with {done.returncode}; see {log.name}")
    return elapsed


def timed_lines(cmd, env, log):
    """Runs a tool; its wall time and its output lines, each with the (unix) time it came."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append((time.time(), line))
        log.write(line)
    code = proc.wait()
    elapsed = time.monotonic() - t0
    if code != 0:
        log.flush()
        sys.exit(f"bench: `{' '.join(cmd)}` failed with {code}; see {log.name}")
    return elapsed, lines


def tier_edges(events):
    """From the engine's own timestamps: per tier, its last container's first healthy and
    its first container's start (unix seconds)."""
    starts, healthy = {}, {}
    for e in events:
        svc, action, t = engine.service_of(e), e.get("Action", ""), e["timeNano"] / 1e9
        if e.get("Type") != "container" or svc is None:
            continue
        if action == "start":
            starts.setdefault(svc, t)
        elif action == "health_status: healthy":
            healthy.setdefault(svc, t)
    of = lambda tier: [s for s in stack.services() if stack.tier_of(s) == tier]
    last_healthy = {t: max(healthy[s] for s in of(t)) for t in range(1, stack.TIERS + 1)}
    first_start = {t: min(starts[s] for s in of(t)) for t in range(1, stack.TIERS + 1)}
    return last_healthy, first_start


def handoff_gaps(events):
    """Per tier boundary: first start of the next tier minus last healthy of this one (s)."""
    last_healthy, first_start = tier_edges(events)
    return [first_start[t + 1] - last_healthy[t] for t in range(1, stack.TIERS)]


def reactions(events, lines):
    """Per tier boundary: from the engine's last healthy event of a tier to Nivel printing
    that it starts the next tier (its start request follows at once): Nivel's own share of
    the hand-off, the rest being the engine's start."""
    last_healthy, _ = tier_edges(events)
    out = []
    for tier in range(1, stack.TIERS):
        starting = {f"{svc} starting" for svc in stack.services() if stack.tier_of(svc) == tier + 1}
        asked = [t for t, line in lines if " ".join(line.split()[:2]) in starting]
        out.append(min(asked) - last_healthy[tier])
    return out


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.file = os.path.join(workdir, "docker-compose.yml")
        with open(self.file, "w") as f:
            f.write(stack.compose_yaml(args.image))
        self.log = open(os.path.join(workdir, "tools.log"), "w")
        self.n = len(stack.services())
        self.results = {k: [] for k in ("nivel_up", "compose_up", "nivel_down", "compose_down", "nivel_gap", "compose_gap", "nivel_again", "nivel_reaction")}

    def env(self, project):
        return dict(os.environ, COMPOSE_PROJECT_NAME=project)

    def up(self, tool, project):
        log = engine.EventLog(project, self.n)
        time.sleep(0.3)  # the log replays from before now; this only lets it connect
        try:
            if tool == "nivel":
                cmd = [self.args.nivel, "up", self.file, "--progress", "plain", "--timeout", "120"]
                took, lines = timed_lines(cmd, self.env(project), self.log)
            else:
                t0 = time.monotonic()
                timed(["docker-compose", "-f", self.file, "up", "-d"], self.env(project), self.log)
                healthy_at = log.wait_healthy(120)
                if healthy_at is None:
                    sys.exit(f"bench: compose's stack {project} did not turn healthy within 120 s")
                took = healthy_at - t0
        finally:
            events = log.stop()
        if not engine.all_healthy(project, self.n):
            sys.exit(f"bench: after {tool} up, not all {self.n} containers of {project} are healthy")
        gaps = handoff_gaps(events)
        if tool == "nivel":
            self.results["nivel_reaction"].extend(reactions(events, lines))
        self.results[f"{tool}_up"].append(took)
        self.results[f"{tool}_gap"].extend(gaps)
        return took, gaps

    def again(self, project):
        before = engine.container_ids(project)
        took = timed([self.args.nivel, "up", self.file, "--progress", "plain"], self.env(project), self.log)
        if engine.container_ids(project) != before:
            sys.exit("bench: a second `nivel up` changed the lab's containers")
        self.results["nivel_again"].append(took)
        return took

    def down(self, tool, project):
        if tool == "nivel":
            cmd = [self.args.nivel, "down", self.file, "--timeout", "1"]
        else:
            cmd = ["docker-compose", "-f", self.file, "down", "-t", "1"]
        took = timed(cmd, self.env(project), self.log)
        left = engine.container_ids(project)
        if left:
            sys.exit(f"bench: {tool} down left {len(left)} containers of {project}")
        self.results[f"{tool}_down"].append(took)
        return took

    def run_one(self, tool, i):
        project = f"{PREFIX}-{tool}-{os.getpid()}-{i}"
        load = wait_for_quiet(self.args.max_load, self.args.load_cap)
        try:
            up, gaps = self.up(tool, project)
            line = f"run {i + 1} {tool:<7} load {load:4.2f}  up {up:6.3f} s  hand-off " + " / ".join(f"{g * 1000:4.0f}" for g in gaps) + " ms"
            if tool == "nivel":
                line += f"  again {self.again(project) * 1000:4.0f} ms"
            time.sleep(1)  # let the last probes settle before timing the stop
            line += f"  down {self.down(tool, project):6.3f} s"
            print(line, flush=True)
        finally:
            engine.remove_project(project)


def med(xs):
    return statistics.median(xs)


def summary(r, start_s, tier_start_s):
    floor = stack.TIERS * (start_s + stack.INTERVAL_S)
    tier_floor = stack.TIERS * (tier_start_s + stack.INTERVAL_S)
    up_ratio = med(r["nivel_up"]) / med(r["compose_up"])
    down_ratio = med(r["nivel_down"]) / med(r["compose_down"])
    ok = lambda c: "met" if c else "MISSED"
    rows = [
        ("up, all 12 healthy (s)", f"{med(r['nivel_up']):.3f}", f"{med(r['compose_up']):.3f}", f"{up_ratio:.2f}x", f"<= 0.5x: {ok(up_ratio <= 0.5)}"),
        ("up vs floor", f"{med(r['nivel_up']) / floor:.2f}x", f"{med(r['compose_up']) / floor:.2f}x", "", f"nivel <= 1.3x floor: {ok(med(r['nivel_up']) <= 1.3 * floor)}"),
        ("up vs four-at-once floor", f"{med(r['nivel_up']) / tier_floor:.2f}x", f"{med(r['compose_up']) / tier_floor:.2f}x", "", ""),
        ("down --timeout 1 (s)", f"{med(r['nivel_down']):.3f}", f"{med(r['compose_down']):.3f}", f"{down_ratio:.2f}x", f"<= 0.4x: {ok(down_ratio <= 0.4)}"),
        ("tier hand-off (ms)", f"{med(r['nivel_gap']) * 1000:.0f}", f"{med(r['compose_gap']) * 1000:.0f}", "", f"nivel <= 200 ms: {ok(med(r['nivel_gap']) <= 0.2)}"),
        ("  of it, nivel's reaction", f"{med(r['nivel_reaction']) * 1000:.0f}", "", "", "healthy event -> start request"),
        ("second up (ms)", f"{med(r['nivel_again']) * 1000:.0f}", "", "", f"< 300 ms: {ok(med(r['nivel_again']) < 0.3)}"),
    ]
    print()
    print(f"floor: {stack.TIERS} tiers x (container start {start_s * 1000:.0f} ms + probe interval {stack.INTERVAL_S * 1000:.0f} ms) = {floor:.3f} s")
    print("  (container start: median engine time for POST /containers/{id}/start of one created busybox httpd container)")
    print(f"four-at-once floor: {stack.TIERS} x (four containers started together {tier_start_s * 1000:.0f} ms + {stack.INTERVAL_S * 1000:.0f} ms) = {tier_floor:.3f} s")
    print()
    print(f"{'median of ' + str(len(r['nivel_up'])) + ' runs':<26}{'nivel':>10}{'compose':>10}{'ratio':>8}  target")
    for name, a, b, ratio, target in rows:
        print(f"{name:<26}{a:>10}{b:>10}{ratio:>8}  {target}")
    return {"floor_s": floor, "start_s": start_s, "tier_floor_s": tier_floor, "tier_start_s": tier_start_s, "runs": r}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--nivel", required=True)
    p.add_argument("--image", default="nivel-test/busybox:1")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--max-load", type=float, default=2.0, help="wait until the 1-min load is below this")
    p.add_argument("--load-cap", type=float, default=600, help="longest wait for a quiet machine (s)")
    p.add_argument("--json", help="also write every figure to this file")
    args = p.parse_args()
    for old in engine.projects_with_prefix(PREFIX):
        engine.remove_project(old)
    with tempfile.TemporaryDirectory(prefix="nivel-bench-") as workdir:
        bench = Bench(args, workdir)
        start_s, tier_start_s = engine.start_latency(args.image, f"{PREFIX}-start-{os.getpid()}", stack.PER_TIER)
        try:
            for i in range(args.runs):
                for tool in (("nivel", "compose") if i % 2 == 0 else ("compose", "nivel")):
                    bench.run_one(tool, i)
        except SystemExit:
            print(open(bench.log.name).read()[-3000:], file=sys.stderr)
            raise
        result = summary(bench.results, start_s, tier_start_s)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
