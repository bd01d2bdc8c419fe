"""What the benchmark asks of the Docker engine: the project's events (live and replayed,
with the engine's own nanosecond timestamps), clean-up by label, and the bare cost of
starting one container through the API."""

import http.client
import json
import socket
import statistics
import subprocess
import threading
import time

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"


def docker(*args, check=True):
    return subprocess.run(["docker", *args], check=check, capture_output=True, text=True).stdout


def project_filter(project):
    return ["--filter", f"label={PROJECT_LABEL}={project}"]


def container_ids(project):
    return sorted(docker("ps", "-aq", "--no-trunc", *project_filter(project)).split())


def remove_project(project):
    """Removes every container and network carrying the project's label."""
    ids = container_ids(project)
    if ids:
        docker("rm", "-f", *ids, check=False)
    nets = docker("network", "ls", "-q", *project_filter(project)).split()
    if nets:
        docker("network", "rm", *nets, check=False)


def projects_with_prefix(prefix):
    fmt = "{{.Label \"" + PROJECT_LABEL + "\"}}"
    found = docker("ps", "-a", "--format", fmt).split() + docker("network", "ls", "--format", fmt).split()
    return sorted({p for p in found if p.startswith(prefix)})


def all_healthy(project, expected):
    ids = container_ids(project)
    if len(ids) != expected:
        return False
    states = docker("inspect", "--format", "{{.State.Health.Status}}", *ids).split()
    return states == ["healthy"] * expected


def service_of(event):
    return event.get("Actor", {}).get("Attributes", {}).get(SERVICE_LABEL)


class EventLog:
    """Records the project's events live, from just before the tool starts until stop().
    The engine keeps only its last 256 events for `--since` replays, and the healthchecks of
    twelve containers fill that in seconds, so the log is taken as it happens rather than
    asked for afterwards. Notes the moment (monotonic clock) `expected` containers have
    turned healthy."""

    def __init__(self, project, expected):
        self.expected = expected
        self.events = []
        self.healthy = set()
        self.all_healthy = threading.Event()
        self.when_healthy = None
        cmd = ["docker", "events", "--since", f"{time.time() - 1:.3f}", *project_filter(project), "--format", "{{json .}}"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            e = json.loads(line)
            self.events.append(e)
            if e.get("Action") == "health_status: healthy":
                self.healthy.add(e.get("id"))
            if len(self.healthy) >= self.expected and not self.all_healthy.is_set():
                self.when_healthy = time.monotonic()
                self.all_healthy.set()

    def wait_healthy(self, timeout):
        """The monotonic time every expected container was healthy, or None."""
        self.all_healthy.wait(timeout)
        return self.when_healthy

    def stop(self):
        """Stops recording (after a moment for events in flight) and returns them."""
        time.sleep(0.3)
        self.proc.terminate()
        self.proc.wait()
        self.reader.join(5)
        return self.events


class _UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=60)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def _socket_path():
    host = docker("context", "inspect", "--format", "{{.Endpoints.docker.Host}}").strip()
    if not host.startswith("unix://"):
        raise SystemExit(f"bench: the engine must be on a unix socket to time a bare start (found {host})")
    return host[len("unix://"):]


def _start(path, cid):
    """Seconds the engine takes to answer one start request."""
    conn = _UnixHTTP(path)
    try:
        t0 = time.monotonic()
        conn.request("POST", f"/containers/{cid}/start")
        resp = conn.getresponse()
        resp.read()
        took = time.monotonic() - t0
    finally:
        conn.close()
    if resp.status != 204:
        raise SystemExit(f"bench: starting a container answered {resp.status}")
    return took


def start_latency(image, project, together, runs=5):
    """Median seconds the engine takes to start one created benchmark container (on a user
    network, as both tools do), and to start `together` of them at once (the last answer)."""
    labels = ["--label", f"{PROJECT_LABEL}={project}"]
    net = f"{project}_default"
    docker("network", "create", *labels, net)
    path = _socket_path()
    create = lambda: docker("create", *labels, "--network", net, image, "httpd", "-f", "-p", "8080", "-h", "/www").strip()
    one, group = [], []
    try:
        for _ in range(runs):
            cid = create()
            one.append(_start(path, cid))
            docker("rm", "-f", cid)
            ids = [create() for _ in range(together)]
            t0 = time.monotonic()
            threads = [threading.Thread(target=_start, args=(path, cid)) for cid in ids]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            group.append(time.monotonic() - t0)
            docker("rm", "-f", *ids)
    finally:
        remove_project(project)
    return statistics.median(one), statistics.median(group)
