"""Run one job (a bloc's template) in a child process bounded in CPU time, memory and output size.

A bloc may override the shipped templates with its own, and Jinja's sandbox stops a template from
reaching Python, not from looping for ever or doubling a text forty times. So `run` forks a child
(spawns one where fork is not safe: Windows, macOS) that lowers its own limits before the job:

- CPU time (RLIMIT_CPU): at the soft limit the kernel sends SIGXCPU, which raises
  `LimitExceeded("time")` inside the template, so the error can name its line; the hard limit, a
  few seconds later, kills a child stuck in C code;
- address space (RLIMIT_AS, Linux): what the child already maps plus the memory allowed, so a
  huge allocation fails with MemoryError instead of swapping the machine to a halt;
- output: the job's bytes may not exceed `Limits.output`;
- wall-clock time: the parent kills a child that has not answered after `Limits.wall_seconds`
  (the only bound on Windows, where `resource` does not exist, with the environment's deadline).

The job's exception comes back to the parent and is raised there, so a ThiduaError from the child
is the same message, and the same exit code, as in-process.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from thidua.errors import ThiduaError

START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
"""How the child starts: fork costs 10 ms (Markdown) to 30 ms (Word) on the sample; spawn, which
imports thidua afresh, half a second, but is the safe one on Windows and macOS."""

KILL_GRACE = 5
"""Seconds past the CPU limit before the kernel kills a child that did not stop at SIGXCPU."""


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int  # CPU time of the child
    memory: int  # bytes of address space the child may add to what it maps at its start
    output: int  # bytes of the job's result

    @property
    def wall_seconds(self) -> int:
        """When the parent gives up: twice the CPU time, for a machine whose cores are busy."""
        return 2 * self.cpu_seconds + KILL_GRACE


class LimitExceeded(Exception):
    """The job went past one of its limits: `what` is "time", "memory", "output" or "crash"."""

    def __init__(self, what: str, detail: str = ""):
        super().__init__(what, detail)
        self.what = what
        self.detail = detail


def cpu_limited() -> bool:
    """Whether a child's CPU time can be limited here (POSIX); else only the wall clock bounds it."""
    try:
        import resource  # noqa: F401 - POSIX only
    except ImportError:  # pragma: no cover - Windows
        return False
    return hasattr(signal, "SIGXCPU")


def run(job: Callable[..., bytes], args: Sequence[object], limits: Limits) -> bytes:
    """`job(*args)` in a child bounded by `limits`: its bytes, or its exception raised here.

    LimitExceeded when the child ran out of time, memory or room for its output, or died."""
    import multiprocessing

    context = multiprocessing.get_context(START_METHOD)
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, job, tuple(args), limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.wall_seconds):
            raise LimitExceeded("time")
        try:
            status, value = receiver.recv()
        except EOFError:  # died without a word: killed at the hard CPU limit, or crashed
            child.join()
            raise _death(child.exitcode) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status == "ok":
        return value
    raise value


def _death(exitcode: Optional[int]) -> LimitExceeded:
    if exitcode is not None and exitcode < 0 and -exitcode in (getattr(signal, "SIGKILL", 9),
                                                                getattr(signal, "SIGXCPU", 24)):
        return LimitExceeded("time")
    return LimitExceeded("crash", f"mã thoát {exitcode}")


def _child(sender, job: Callable[..., bytes], args: Sequence[object], limits: Limits) -> None:
    try:
        _limit_self(limits)
        value = job(*args)
        if len(value) > limits.output:
            raise LimitExceeded("output")
        reply = ("ok", value)
    except MemoryError:
        reply = ("error", LimitExceeded("memory"))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the parent says so
        return
    except Exception as exc:  # noqa: BLE001 - any failure of the job is the parent's to report
        if not isinstance(exc, (ThiduaError, LimitExceeded)):  # a bug: its trace, for THIDUA_DEBUG=1
            trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            exc.__notes__ = [*getattr(exc, "__notes__", []), trace]  # Python 3.11+ prints the notes
        reply = ("error", exc)
    try:
        sender.send(reply)
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle: its type and text
        failure = LimitExceeded("memory") if isinstance(exc, MemoryError) else RuntimeError(
            f"{type(reply[1]).__name__}: {reply[1]}")
        sender.send(("error", failure))
    finally:
        sender.close()


def _limit_self(limits: Limits) -> None:
    """Lower this process's limits (POSIX); nothing where `resource` does not exist."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: the parent's wall clock and the sandbox's deadline
        return
    if hasattr(signal, "SIGXCPU"):
        signal.signal(signal.SIGXCPU, _out_of_time)
        _lower(resource, resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + KILL_GRACE)
    mapped = _mapped_bytes()
    if mapped is not None and hasattr(resource, "RLIMIT_AS"):
        _lower(resource, resource.RLIMIT_AS, mapped + limits.memory, mapped + limits.memory)


def _out_of_time(signum, frame):
    raise LimitExceeded("time")


def _lower(resource, which: int, soft: int, hard: int) -> None:
    """Set a limit, never above one already in force; a system that refuses keeps its own."""
    old_soft, old_hard = resource.getrlimit(which)
    if old_hard != resource.RLIM_INFINITY:
        hard = min(hard, old_hard)
        soft = min(soft, hard)
    if old_soft != resource.RLIM_INFINITY:
        soft = min(soft, old_soft)
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):  # pragma: no cover - e.g. a container that forbids it
        pass


def _mapped_bytes() -> Optional[int]:
    """The address space this process maps now (Linux' /proc); None elsewhere.

    Elsewhere (macOS) a process maps hundreds of GB of shared libraries it never touches, so an
    absolute limit would stop the child at once: memory is then bounded by the output limit only."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
