#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL 15 cluster.

Usage: python scripts/pg_cluster.py -- CMD [ARGS...]

Finds the PostgreSQL server binaries (installing Debian's postgresql-15 with
scripts/ensure_debian.sh when they are missing), initialises a temporary cluster (trust auth,
UTF8, locale C, fsync off) listening on a free 127.0.0.1 port with its unix
socket inside the temporary directory, creates the database ``clew_test`` and
runs CMD with

    CLEW_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/clew_test

The cluster is always stopped and its directory removed afterwards (also on
failure, Ctrl-C, SIGTERM or SIGHUP); the exit status is CMD's (128+N when CMD
died of signal N).

PostgreSQL refuses to run as root, so when run as root the server tools run as
the ``postgres`` system user (created when absent) via ``runuser``.

Standard library only; Python 3.11+.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn

PG_MAJOR = "15"
DB_NAME = "clew_test"
SUPERUSER = "postgres"
SERVICE_USER = "postgres"
ENV_VAR = "CLEW_TEST_DATABASE_URL"
PROG = "pg_cluster"

SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "log_min_messages": "warning",
    "logging_collector": "off",
    "timezone": "'UTC'",
}


class Terminated(Exception):
    """Raised by the signal handler when SIGTERM/SIGHUP arrives during setup."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def log(msg: str) -> None:
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


def die(msg: str, code: int = 1) -> NoReturn:
    log(f"error: {msg}")
    raise SystemExit(code)


IS_ROOT = os.geteuid() == 0


# --------------------------------------------------------------------------- binaries


def _has_server(bindir: Path) -> bool:
    return all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres", "createdb"))


def find_bindir() -> Path | None:
    candidate = Path(f"/usr/lib/postgresql/{PG_MAJOR}/bin")
    if _has_server(candidate):
        return candidate
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and _has_server(Path(out)):
            return Path(out)
    return None


def install_postgres() -> None:
    """Install Debian's postgresql-15 through the one script that installs system packages."""
    log(f"PostgreSQL {PG_MAJOR} not found; installing it with apt-get")
    script = Path(__file__).with_name("ensure_debian.sh")
    result = subprocess.run(["bash", str(script), "postgres"], stdin=subprocess.DEVNULL,
                            stdout=sys.stderr)  # fmt: skip
    if result.returncode != 0:
        die(f"could not install postgresql-{PG_MAJOR}: run scripts/ensure_debian.sh postgres")


# --------------------------------------------------------------------------- users


def ensure_service_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        pass
    log(f"creating system user {SERVICE_USER!r}")
    subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home", SERVICE_USER],
        check=True,
        stdout=sys.stderr,
    )
    return pwd.getpwnam(SERVICE_USER)


def _world_traversable(path: Path) -> bool:
    """True when every ancestor of *path* can be traversed by any user."""
    for parent in path.resolve().parents:
        try:
            if not parent.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------- cluster


class Cluster:
    def __init__(self, bindir: Path, svc: pwd.struct_passwd | None) -> None:
        self.bindir = bindir
        self.svc = svc  # None: run the tools as ourselves
        self.tmp: Path | None = None
        self.port = 0
        self.started = False

    # paths
    @property
    def data(self) -> Path:
        assert self.tmp is not None
        return self.tmp / "data"

    @property
    def sockdir(self) -> Path:
        assert self.tmp is not None
        return self.tmp / "run"

    @property
    def logfile(self) -> Path:
        assert self.tmp is not None
        return self.tmp / "postgres.log"

    def _env(self) -> dict[str, str]:
        # Keep libpq/server variables of the caller from leaking into the admin tools.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        env.pop("LANG", None)
        return env

    def tool(
        self, name: str, *args: str, check: bool = True, timeout: float | None = 120
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / name), *args]
        if self.svc is not None:
            cmd = ["runuser", "-u", self.svc.pw_name, "--", *cmd]
        proc = subprocess.run(
            cmd,
            cwd=self.tmp,
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            sys.stderr.write(proc.stdout)
            die(f"{name} failed with exit code {proc.returncode}")
        return proc

    def create_dir(self) -> None:
        base = None
        if self.svc is not None and not _world_traversable(Path(tempfile.gettempdir())):
            base = "/tmp"  # the service user must reach the directory
        self.tmp = Path(tempfile.mkdtemp(prefix="clew-pg-", dir=base))
        self.sockdir.mkdir()
        if self.svc is not None:
            for p in (self.tmp, self.sockdir):
                os.chown(p, self.svc.pw_uid, self.svc.pw_gid)

    def initdb(self) -> None:
        self.tool(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        settings = dict(SERVER_SETTINGS, unix_socket_directories=f"'{self.sockdir}'")
        conf = self.data / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as fh:
            fh.write("\n# added by scripts/pg_cluster.py\n")
            for key, value in settings.items():
                fh.write(f"{key} = {value}\n")

    def start(self, attempts: int = 5) -> None:
        for attempt in range(1, attempts + 1):
            self.port = free_port()
            proc = self.tool(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.logfile),
                "-o",
                f"-p {self.port}",
                "-w",
                "-t",
                "60",
                "start",
                check=False,
                timeout=90,
            )
            self.started = True  # something may be running even if pg_ctl failed
            if proc.returncode == 0 and self.wait_ready():
                return
            self.stop()
            if attempt == attempts:
                sys.stderr.write(proc.stdout)
                self.dump_log()
                die("could not start PostgreSQL")
            log(f"start on port {self.port} failed (attempt {attempt}); retrying")

    def wait_ready(self, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.tool(
                "pg_isready",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                "postgres",
                "-t",
                "2",
                check=False,
            )
            if proc.returncode == 0:
                return True
            time.sleep(0.2)
        return False

    def createdb(self) -> None:
        self.tool("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, DB_NAME)

    def dump_log(self) -> None:
        try:
            text = self.logfile.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        tail = "\n".join(text.splitlines()[-40:])
        if tail:
            log(f"server log ({self.logfile}):\n{tail}")

    def stop(self) -> None:
        if not self.started or self.tmp is None or not self.data.is_dir():
            return
        self.started = False
        try:
            self.tool(
                "pg_ctl",
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "-w",
                "-t",
                "30",
                "stop",
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log(f"pg_ctl stop failed: {exc}")
        # If the postmaster is somehow still alive, kill it hard.
        pidfile = self.data / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return
        try:
            os.kill(pid, signal.SIGKILL)
            log(f"killed leftover postmaster {pid}")
        except OSError:
            pass

    def remove(self) -> None:
        if self.tmp is None:
            return
        for _ in range(5):
            shutil.rmtree(self.tmp, ignore_errors=True)
            if not self.tmp.exists():
                break
            time.sleep(0.2)  # a dying backend may still be writing
        if self.tmp.exists():
            log(f"warning: could not remove {self.tmp}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> list[str]:
    args = list(argv)
    if args and args[0] in ("-h", "--help"):
        print(__doc__.strip())
        raise SystemExit(0)
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print("usage: python scripts/pg_cluster.py -- CMD [ARGS...]", file=sys.stderr)
        raise SystemExit(2)
    return args


def server_version(bindir: Path) -> str:
    try:
        out = subprocess.run(
            [str(bindir / "postgres"), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "PostgreSQL"
    return out.strip().replace("postgres (PostgreSQL) ", "PostgreSQL ") or "PostgreSQL"


def main(argv: Sequence[str]) -> int:
    cmd = parse_args(argv)

    child: subprocess.Popen[bytes] | None = None

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        if child is None:
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            raise Terminated(signum)
        if signum == signal.SIGINT:
            # The terminal delivers Ctrl-C to the whole foreground process group,
            # CMD included: let CMD handle it and wait for it to finish.
            return
        with contextlib.suppress(OSError):
            child.send_signal(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)

    bindir = find_bindir()
    if bindir is None:
        install_postgres()
        bindir = find_bindir()
        if bindir is None:
            die(f"PostgreSQL server binaries still missing after installing postgresql-{PG_MAJOR}")

    svc = ensure_service_user() if IS_ROOT else None
    cluster = Cluster(bindir, svc)
    try:
        cluster.create_dir()
        cluster.initdb()
        cluster.start()
        cluster.createdb()

        url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{cluster.port}/{DB_NAME}"
        who = f" as user {svc.pw_name}" if svc is not None else ""
        log(
            f"{server_version(bindir)} running on 127.0.0.1:{cluster.port}{who}, "
            f"data in {cluster.data}; {ENV_VAR}={url}"
        )
        env = dict(os.environ)
        env[ENV_VAR] = url
        try:
            child = subprocess.Popen(cmd, env=env)
        except OSError as exc:
            log(f"error: cannot run {cmd[0]!r}: {exc}")
            return 127
        rc = child.wait()
        return 128 - rc if rc < 0 else rc
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Terminated as exc:
        log(f"terminated by signal {exc.signum}")
        return 128 + exc.signum
    finally:
        # Do not let a second Ctrl-C or a SIGTERM leave the cluster behind.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        cluster.stop()
        cluster.remove()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
