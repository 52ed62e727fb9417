"""Fresh kernels without fresh imports: a process that loads the libraries once and forks a kernel per run.

Every run gets a new kernel, and a new kernel used to cost ~2.5 s of CPU before its first
cell: Python and ipykernel start-up, then pandas, pandera, matplotlib, seaborn, scipy and
the library. On two cores that was a third of a build. The fork server pays it once per
build worker: it imports those modules (without starting any thread, socket or IPython
shell), then waits for requests; each request forks a child that becomes an ordinary
ipykernel on the connection file jupyter_client wrote. The child has the modules loaded
and nothing else: no kernel ran in the server, so no run can see another's state.

:class:`ForkedKernelManager` is a jupyter_client ``AsyncKernelManager`` whose kernels come
from a :class:`ForkServer`; nbclient and papermill use it as any other (``km=``).

Run as ``python -m indopac.build.forkserver`` (the server side); it reads one JSON request
per line on stdin and answers one JSON line on stdout. It exits when stdin closes (its
worker is gone), and its kernels then exit too (ipykernel's parent poller).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager

#: what ipykernel would select in a fresh kernel; matplotlib reads it at import, so the
#: server sets it before importing anything
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


# --- the server side ----------------------------------------------------------------------------


class _KernelShellStandIn:
    """What import-time checks look for to tell a Jupyter kernel from a terminal.

    Some libraries decide defaults when imported: pandas shows at most 20 columns in a
    kernel but fits the terminal otherwise (``display.max_columns``). The modules are
    imported here for kernels, so while they load, ``get_ipython()`` answers as a kernel's
    shell would; the stand-in is removed before any kernel starts.
    """

    kernel = True
    config: ClassVar[dict] = {"IPKernelApp": {}}


def _preload(modules: list[str]) -> None:
    """Import what every kernel needs and what the runs import, as a kernel would, then load the fonts."""
    import builtins
    import importlib

    import ipykernel.kernelapp  # noqa: F401 -- the kernel itself, imported once

    builtins.get_ipython = _KernelShellStandIn  # type: ignore[attr-defined]  # a class: get_ipython() -> stand-in
    try:
        for name in modules:
            importlib.import_module(name)
        from indopac.figures.steps import warm_up

        warm_up()
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]


def _become_kernel(request: dict[str, Any], server_pid: int) -> None:
    """In the forked child: a new session, its own folder and log, then an ipykernel until shutdown."""
    try:
        os.setsid()  # its own process group, as jupyter_client gives a kernel it launches
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644) if request.get("log") \
            else os.open(os.devnull, os.O_WRONLY)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)  # not the server's request pipe
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the server ignores it; a kernel's own children need it
        os.environ["JPY_PARENT_PID"] = str(server_pid)  # exit if the server goes (ipykernel's parent poller)
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"]])
        app.start()
    finally:
        os._exit(0)  # never return into the server's loop, never run its exit handlers


def serve() -> None:
    """The server's loop: preload, answer ``ready``, then fork one kernel per request."""
    os.environ["MPLBACKEND"] = os.environ.get("MPLBACKEND") or INLINE_BACKEND
    requests, answers = sys.stdin, sys.stdout
    first = json.loads(requests.readline())
    # What the server imports lives as long as each kernel, so the collector has nothing to find in
    # it: off while it loads (a sixth of the preload's time), then frozen, so that the kernels'
    # collections skip it (and leave its pages shared), as the gc module's docs advise before fork().
    gc.disable()
    _preload(first.get("modules", []))
    gc.collect()
    gc.freeze()
    gc.enable()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # exited kernels are reaped at once: no zombies
    answers.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    answers.flush()
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, os.getppid())
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
    # stdin closed: the worker is done. Nothing here needs tidying (no files, no kernel ran), and
    # tearing down pandas, matplotlib and scipy module by module would keep the worker waiting.
    os._exit(0)


# --- the client side -----------------------------------------------------------------------------


class ForkServer:
    """A running fork server (one per build worker): :meth:`fork` returns the pid of a new kernel."""

    def __init__(self, modules: list[str] | tuple[str, ...], log: Path | None = None, timeout: float = 120):
        if log is not None:
            Path(log).parent.mkdir(parents=True, exist_ok=True)
        sink = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115 -- held by the server
        self._process = subprocess.Popen([sys.executable, "-m", "indopac.build.forkserver"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=sink, text=True, bufsize=1)
        if sink is not subprocess.DEVNULL:
            sink.close()
        self._lock = threading.Lock()
        self.log = log
        ready = self._ask({"modules": list(modules)}, timeout)
        if not ready.get("ready"):
            raise RuntimeError(f"the fork server did not start: {ready}")
        self.pid = ready["pid"]

    def alive(self) -> bool:
        """Whether the server still runs (a dead one is replaced by the pool)."""
        return self._process.poll() is None

    def _ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        with self._lock:
            if self._process.poll() is not None:
                raise RuntimeError(f"the fork server exited (code {self._process.returncode}); see {self.log}")
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            answer: list[str] = []
            reader = threading.Thread(target=lambda: answer.append(self._process.stdout.readline()), daemon=True)
            reader.start()
            reader.join(timeout)
            if not answer or not answer[0]:
                # a late answer would be read as the next request's: stop it, and the pool starts another
                self._process.kill()
                raise RuntimeError(f"the fork server did not answer within {timeout:.0f} s; see {self.log}")
            return json.loads(answer[0])

    def fork(self, connection_file: str, cwd: str, log: Path | None = None, timeout: float = 60) -> int:
        """Fork a kernel on ``connection_file``, started in ``cwd``; its stdout and stderr go to ``log``."""
        return int(self._ask({"connection_file": connection_file, "cwd": cwd,
                              "log": str(log) if log is not None else None}, timeout)["pid"])

    def close(self) -> None:
        """Stop the server (its kernels exit when they notice; each run's kernel is shut down first)."""
        if self._process.poll() is None:
            try:
                self._process.stdin.close()
                self._process.wait(timeout=10)
            except Exception:  # noqa: BLE001
                self._process.kill()
                self._process.wait()


class ForkedProcess:
    """What jupyter_client's provisioner needs of a ``Popen`` for a kernel that is not its child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel is forked by a :class:`ForkServer` instead of launched."""

    fork_server: ForkServer | None = None
    kernel_log: Path | None = None

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        assert self.provisioner is not None and self.fork_server is not None
        connection_file = kernel_cmd[kernel_cmd.index("-f") + 1]
        cwd = str(kw.get("cwd") or Path.cwd())
        pid = self.fork_server.fork(connection_file, cwd, self.kernel_log)
        provisioner = self.provisioner
        provisioner.process = ForkedProcess(pid)  # type: ignore[attr-defined]
        provisioner.pid = pid  # type: ignore[attr-defined]
        provisioner.pgid = pid  # type: ignore[attr-defined]  # the child called setsid()
        provisioner.cwd = cwd  # type: ignore[attr-defined]
        self._reconcile_connection_info(provisioner.connection_info)  # type: ignore[attr-defined]


if __name__ == "__main__":
    serve()
