"""Kernels started ahead of need: each build worker keeps the next run's kernel ready while it runs one.

A run spends its first seconds on fixed costs: starting a kernel (~0.6 s) and importing
pandas, pandera, matplotlib and the library in it (~1.5 s of CPU). A
:class:`KernelPool` pays them in a background thread *while the worker's current run
executes*, so the next run starts on a kernel that answers at once and has those modules
loaded (:data:`WARM_MODULES`, and the fonts, through
:func:`indopac.figures.steps.warm_up`).

With ``fork=True`` (what the build uses) the kernels come from a fork server
(:mod:`indopac.build.forkserver`), which imports those modules once for all the worker's
kernels instead of once per kernel; without it, each kernel imports them in a silent
warm-up.

Every run still gets a fresh kernel of its own, used once and shut down: the warm-up runs
silently (no execution count, no history, no output) and binds no name in the user
namespace, and a forked kernel is a copy of a process that never ran a cell, so a run sees
loaded modules, never another run's state. Forked, warmed or cold, a run gives the same
bytes (``tests/test_kernels.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

# Imported with this module, in the importing thread: kernels start in a background thread,
# and a package imported by two threads at once can fail with "partially initialized module".
from jupyter_client.manager import AsyncKernelManager

from indopac.build.forkserver import ForkedKernelManager, ForkServer

#: what every notebook imports (its setup cell and its recipes), loaded before the run starts;
#: modules only one notebook needs (the explorer's widgets) are left to that notebook
WARM_MODULES = (
    "IPython.display",
    "matplotlib.pyplot",
    "indopac.notebook",
    "indopac.analysis",
    "indopac.findings",
    "indopac.findings.country",
    "indopac.findings.recommend",
    "indopac.figures",
    "indopac.figures.country",
    "indopac.figures.recommendations",
)
#: one expression, run silently: it imports and draws with the garbage collector off, then freezes
#: what it loaded out of the collector's way (as the fork server does), and leaves no name behind
WARM_CODE = (
    f"(lambda gc: (gc.disable(), [__import__(m) for m in {WARM_MODULES!r}], "
    "__import__('indopac.figures.steps', fromlist=['warm_up']).warm_up(), gc.collect(), gc.freeze(), gc.enable()))"
    "(__import__('gc'))"
)


class _StopsItsClients:
    """A kernel manager that remembers the clients made from it, so that :func:`shutdown` stops them.

    nbclient stops the client it makes only when it owns the kernel manager; given one, as
    the build and the tests give it, it leaves the client's channels running: a heartbeat
    thread, a zmq context and an event loop for the rest of the process, one set per run
    (a test process that executed some 30 notebooks once ran out of file descriptors).
    """

    def client(self, **kwargs: Any) -> Any:
        kc = super().client(**kwargs)  # type: ignore[misc]
        self.indopac_clients = [*getattr(self, "indopac_clients", ()), kc]
        return kc


class PooledKernelManager(_StopsItsClients, AsyncKernelManager):
    """A usual kernel, started by jupyter_client."""


class PooledForkedKernelManager(_StopsItsClients, ForkedKernelManager):
    """A kernel forked by the worker's fork server."""


class KernelStartError(RuntimeError):
    """A kernel did not start, or its warm-up failed (the message says which and why)."""


class KernelPool:
    """A worker's kernels: :meth:`take` hands over a started, warmed kernel and starts the next.

    ``kernel_name`` is the kernelspec; ``cwd`` the folder kernels start in (each run moves its
    kernel to its own folder, see :func:`move_to`); ``timeout`` bounds start and warm-up;
    ``log``, when given, receives the kernels' own stdout and stderr (their start-up chatter
    would otherwise reach the terminal).
    """

    def __init__(self, kernel_name: str, cwd: Path, timeout: float = 120, warm: bool = True,
                 log: Path | None = None, fork: bool = False):
        self.kernel_name = kernel_name
        self.cwd = Path(cwd)
        self.timeout = timeout
        self.warm = warm
        self.log = Path(log) if log is not None else None
        self.fork = fork and hasattr(os, "fork")
        self._server: Any = None  # the fork server, started with the first kernel
        self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="indopac-kernel")
        self._next: Future | None = None

    def prepare(self) -> None:
        """Start the next kernel in the background (if none is on its way)."""
        if self._next is None:
            self._next = self._threads.submit(self._start)

    def take(self, more: bool = True) -> Any:
        """A started (and warmed) kernel manager for one run; with ``more``, the next one starts meanwhile.

        ``more=False`` when no run can follow (the build's last): a kernel nobody uses would
        only take CPU from the runs still executing.
        """
        self.prepare()
        future, self._next = self._next, None
        try:
            km = future.result()
        except BaseException:
            self.prepare()  # the caller retries: have the replacement on its way
            raise
        if more:
            self.prepare()
        return km

    def release(self, km: Any) -> None:
        """Shut a used kernel down, in the background (the worker goes on to its next run)."""
        self._threads.submit(shutdown, km)

    def close(self) -> None:
        """Shut down the kernel waiting for a run, and wait for the background work to end."""
        future, self._next = self._next, None
        if future is not None:
            try:
                shutdown(future.result())
            except Exception:  # noqa: BLE001, S110 -- it never started: nothing to shut down
                pass
        self._threads.shutdown(wait=True)
        if self._server is not None:
            self._server.close()

    def _manager(self) -> tuple[Any, bool]:
        """A kernel manager for the next kernel, and whether its kernel comes with the modules loaded."""
        if self.fork:
            if self._server is not None and not self._server.alive():
                self._server = None  # it died (its log says why): start another
            if self._server is None:
                try:
                    self._server = ForkServer(list(WARM_MODULES), log=self.log, timeout=self.timeout)
                except Exception as err:  # noqa: BLE001 -- no fork server here: kernels start the usual way
                    self.fork = False
                    self._note(f"no fork server ({type(err).__name__}: {err}); kernels start the usual way")
                    return PooledKernelManager(kernel_name=self.kernel_name), False
            km = PooledForkedKernelManager(kernel_name=self.kernel_name)
            km.fork_server, km.kernel_log = self._server, self.log
            return km, True
        return PooledKernelManager(kernel_name=self.kernel_name), False

    def _note(self, line: str) -> None:
        """Say in the pool's log why kernels start as they do (a quiet fallback once hid a missing folder)."""
        if self.log is not None:
            with open(self.log, "a", encoding="utf-8") as sink:
                sink.write(f"[indopac.build.kernels] {line}\n")

    def _start(self) -> Any:
        self.cwd.mkdir(parents=True, exist_ok=True)
        if self.log is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)  # before the fork server, which logs there too
        km, loaded = self._manager()
        km.indopac_forked = loaded  # how this kernel started: the build records it per run
        streams = {}
        if self.log is not None:
            sink = open(self.log, "ab")  # noqa: SIM115 -- the kernel process holds it; closed here after the start
            streams = {"stdout": sink, "stderr": sink}
        try:
            asyncio.run(km.start_kernel(cwd=str(self.cwd), **streams))
            # a client of the manager asks the manager whether the kernel lives; a detached one
            # would go by heartbeats, which a kernel starting on a busy machine can miss
            client = km.blocking_client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=self.timeout)
                if self.warm and not loaded:
                    _run_silently(client, WARM_CODE, self.timeout)
            finally:
                client.stop_channels()
        except BaseException as err:
            shutdown(km)
            raise KernelStartError(f"kernel {self.kernel_name!r} did not start: {type(err).__name__}: {err}") from err
        finally:
            for sink in set(streams.values()):
                sink.close()  # the kernel has its own copy of the descriptor
        return km


def move_to(km: Any, folder: Path, timeout: float = 60) -> None:
    """Make ``folder`` the kernel's working directory (a run's stray files land in its own folder)."""
    client = km.blocking_client()
    client.start_channels()
    try:
        _run_silently(client, f"__import__('os').chdir({os.fspath(folder)!r})", timeout)
    finally:
        client.stop_channels()


def shutdown(km: Any) -> None:
    """Stop a kernel (politely, then by force), whatever state it is in, and the clients made from its manager."""
    for kc in getattr(km, "indopac_clients", ()):
        with contextlib.suppress(Exception):  # stopped already, or never started
            kc.stop_channels()
    try:
        asyncio.run(km.shutdown_kernel(now=False))
    except Exception:  # noqa: BLE001 -- already dead or never started
        try:
            asyncio.run(km.shutdown_kernel(now=True))
        except Exception:  # noqa: BLE001, S110 -- gone already: nothing left to stop
            pass


def _run_silently(client: Any, code: str, timeout: float) -> None:
    """Execute ``code`` without output, history or execution count; raise if it fails."""
    reply = client.execute_interactive(code, silent=True, store_history=False, timeout=timeout,
                                       output_hook=lambda msg: None)
    content = reply.get("content", {})
    if content.get("status") != "ok":
        raise KernelStartError(f"{content.get('ename')}: {content.get('evalue')}")
