"""S3 stand-in for MinIO: moto's S3 API on MinIO's port, with MinIO's credentials and health.

Run as `minio server DIR [--address :9000] [--console-address :9001]`, MinIO's own command
line. It serves what a lab uses of MinIO and nothing more:

- the S3 API on port 9000 (moto's server, every AWS service moto has answers there too);
- MINIO_ROOT_USER / MINIO_ROOT_PASSWORD as the one access key and secret it accepts: moto's
  IAM check is on from the first request, so a request signed with any other key, or a wrong
  secret, is refused (InvalidAccessKeyId, SignatureDoesNotMatch) as MinIO refuses it;
- GET/HEAD /minio/health/live and /minio/health/ready, answered 200 without credentials, as
  MinIO answers them;
- the data in DIR: moto keeps everything in memory, so every request that changes something
  is appended to DIR/.nivel-s3-requests.jsonl (moto's own recorder) and replayed on start,
  which brings buckets and objects back after the container is recreated on the same volume.

No console: --console-address is accepted and ignored.
"""

import os
import signal
import sys
import threading

# moto reads these when it is imported: the IAM check applies from the first request, and the
# recorder writes to the data folder.
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
os.environ.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "true")

HEALTH_PATHS = ("/minio/health/live", "/minio/health/ready", "/minio/health/cluster")
READY = threading.Event()


def say(message):
    print(f"minio (moto stand-in): {message}", file=sys.stderr, flush=True)


def parse(argv):
    """MinIO's `server DIR [--address A] [--console-address A]`; returns (dir, port)."""
    if not argv or argv[0] != "server":
        say("usage: minio server DIR [--address :9000] [--console-address :9001]")
        sys.exit(2)
    data_dir, port, rest = None, 9000, argv[1:]
    while rest:
        arg = rest.pop(0)
        name, _, value = arg.partition("=")
        if name in ("--address", "--console-address"):
            value = value or (rest.pop(0) if rest else "")
            if name == "--address":
                port = int(value.rsplit(":", 1)[-1])
            else:
                say(f"no console in this stand-in; {value} stays closed")
        elif not arg.startswith("-") and data_dir is None:
            data_dir = arg
    if data_dir is None:
        say("minio server needs a data folder (minio server /data)")
        sys.exit(2)
    return data_dir, port


def add_root_key(access_key, secret):
    """Makes the one IAM user whose key is MinIO's root user and password, allowed everything."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.iam.models import iam_backends

    iam = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
    iam.create_user(region_name="us-east-1", user_name="minio-root", path="/", tags=[])
    key = iam.create_access_key("minio-root")
    iam.access_keys.pop(key.physical_resource_id, None)
    key.access_key_id, key.secret_access_key = access_key, secret
    iam.access_keys[key.physical_resource_id] = key
    policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
    iam.put_user_policy("minio-root", "everything", policy)


def with_health(app):
    def wrapped(environ, start_response):
        if environ.get("PATH_INFO") in HEALTH_PATHS:
            status = "200 OK" if READY.is_set() else "503 Service Unavailable"
            start_response(status, [("Content-Length", "0"), ("Server", "MinIO (moto stand-in)")])
            return [b""]
        return app(environ, start_response)

    return wrapped


def replay(recording, port):
    """Replays the recorded changes, with the IAM check off: the password may have changed."""
    from moto import settings
    from moto.moto_api import recorder

    if os.path.getsize(recording) > 0:
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float("inf")
        try:
            recorder.replay_recording(target_host=f"http://127.0.0.1:{port}")
        finally:
            settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
        say(f"restored the data recorded in {recording}")
    recorder.start_recording()


def main():
    data_dir, port = parse(sys.argv[1:])
    os.makedirs(data_dir, exist_ok=True)
    recording = os.path.join(data_dir, ".nivel-s3-requests.jsonl")
    open(recording, "a").close()
    os.environ["MOTO_RECORDER_FILEPATH"] = recording

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    add_root_key(os.environ.get("MINIO_ROOT_USER", "minioadmin"),
                 os.environ.get("MINIO_ROOT_PASSWORD", "minioadmin"))
    app = with_health(DomainDispatcherApplication(create_backend_app))
    server = make_server("0.0.0.0", port, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    replay(recording, port)
    READY.set()
    say(f"S3 API on :{port}, data in {data_dir}")
    # As PID 1 a signal with no handler is ignored: `docker stop` would wait its 10 s.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Event().wait()


if __name__ == "__main__":
    main()
