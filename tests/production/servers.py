"""Real processes for the reliability tests: a private PostgreSQL cluster, gunicorn, an HTTP client.

Never the shared PostgreSQL on port 5432: the cluster here lives in a temporary folder, on a free
port, and is stopped and removed afterwards, so it may be restarted at will.
"""

import glob
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb into a temporary folder, trust auth, loopback)."""

    def __init__(self):
        self.bin = postgres_bin_dir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="ocop-pg-"))
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/ocop"

    def _run(self, *command: str) -> None:
        # initdb and pg_ctl refuse to run as root: use the postgres system account then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            "-D", str(self.data),
            "-l", str(self.folder / "server.log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
            "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def __enter__(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()
        self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "ocop",
        )  # fmt: skip
        return self

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def production_env(database_url: str, media_root: Path, static_root: Path, **extra: str) -> dict:
    """Environment of `make serve` on a developer machine, over the given database and folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "AWS_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        OCOP_SERVE_MEDIA="1",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
        timeout=600,
    )  # fmt: skip


@dataclass
class Gunicorn:
    env: dict
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    # Working folder of the server; another than the project's (with the project on PYTHONPATH)
    # shows what the server writes where it runs.
    cwd: Path = ROOT

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        env = {**self.env, "GUNICORN_WORKERS": str(self.workers), "GUNICORN_ACCESS_LOG": "off"}
        if self.cwd != ROOT:
            env["PYTHONPATH"] = str(ROOT)
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{self.port}"],
            cwd=self.cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            if fetch(self.base + "/healthz").status == 200:
                return self
            time.sleep(0.2)
        self.log.seek(0)
        output = self.log.read().decode(errors="replace")[-3000:]
        self.__exit__()
        raise RuntimeError(f"gunicorn did not become healthy:\n{output}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class MotoS3:
    """A local S3 API server (moto in server mode) with one bucket whose objects anyone may read.

    The bucket is set up as README "Deploying" asks of a real one: public read, so the photos'
    plain URLs work for every visitor.
    """

    REGION = "us-east-1"
    KEYS = {"AWS_ACCESS_KEY_ID": "ocop-test", "AWS_SECRET_ACCESS_KEY": "ocop-test-secret"}

    def __init__(self, bucket: str = "ocop-media"):
        self.bucket = bucket
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def env(self) -> dict:
        """The settings' environment variables that put media in this bucket."""
        return {
            **self.KEYS,
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": self.REGION,
            "OCOP_MEDIA_ORIGIN": self.endpoint,
        }

    def client(self):
        import boto3  # the dev extra's django-storages[s3] brings it

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.REGION,
            aws_access_key_id=self.KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.KEYS["AWS_SECRET_ACCESS_KEY"],
        )

    def names(self) -> set[str]:
        """Every object name in the bucket."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def read(self, name: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=name)["Body"].read()

    def __enter__(self):
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while fetch(self.endpoint + "/moto-api/").status != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.__exit__()
                raise RuntimeError("the moto S3 server did not start")
            time.sleep(0.2)
        client = self.client()
        client.create_bucket(Bucket=self.bucket)
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.bucket}/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(policy))
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@dataclass
class Reply:
    status: int  # 0 when the server could not be reached at all
    body: str = ""
    location: str = ""
    content: bytes = b""  # the body as sent (an image's bytes)
    headers: dict = field(default_factory=dict)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with a cookie jar; follows no redirects, so a 302 "acknowledged" is visible."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, path: str) -> Reply:
        return fetch(self.base + path, opener=self.opener)

    def post(self, path: str, data: dict, referer_path: str) -> Reply:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        headers = {"Referer": self.base + referer_path, "Origin": self.base}
        return fetch(self.base + path, data=body, headers=headers, opener=self.opener)

    def post_files(self, path: str, data: dict, files: dict, referer_path: str) -> Reply:
        """POST multipart/form-data: files maps a field to (file name, content type, bytes)."""
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in {**data, "csrfmiddlewaretoken": token}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content_type, content) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Referer": self.base + referer_path,
            "Origin": self.base,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        return fetch(self.base + path, data=body, headers=headers, opener=self.opener)

    def login(self, username: str, password: str) -> None:
        """Log in through the site's own login page (cooperative staff land on /staff/)."""
        self.get("/accounts/login/")
        reply = self.post(
            "/accounts/login/", {"username": username, "password": password}, "/accounts/login/"
        )
        assert reply.status == 302, (reply.status, reply.body[:500])

    def admin_login(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        reply = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
            "/admin/login/",
        )
        assert reply.status == 302, (reply.status, reply.body[:500])


def fetch(url: str, *, data=None, headers=None, opener=None, timeout: float = 15) -> Reply:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener(_NoRedirect())).open(
            request, timeout=timeout
        ) as r:
            return _reply(r.status, r.read(), r.headers)
    except urllib.error.HTTPError as error:
        return _reply(error.code, error.read(), error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return Reply(0)


def _reply(status: int, content: bytes, headers) -> Reply:
    return Reply(
        status,
        content.decode("utf-8", "replace"),
        headers.get("Location", ""),
        content,
        dict(headers.items()),
    )


def hidden_input(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)" name="{name}"', html
    )
    return match.group(1) if match else ""
