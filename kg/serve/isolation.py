"""Query workers leave the network before they read a request, in two independent layers.

A new, empty network namespace (needs CAP_SYS_ADMIN or unprivileged user namespaces), and a
seccomp filter under which socket() fails for every family but AF_UNIX (needs neither: any process
may restrict itself). Either alone means a `SERVICE` that slipped past `kg.serve.guard` could not
connect anywhere; the worker's hello frame says which layers hold, and the server reports it at
startup. Also here: the worker's resource limits (memory, and a stack deep enough for the
nesting the guard lets through).
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import sys
import threading

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
# (audit arch, socket syscall number, io_uring_setup syscall number) per machine.
_SECCOMP_ARCH = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
# The stack of the thread that evaluates queries: Oxigraph recurses once per nesting level of
# the algebra, and the main thread's 8 MB overflowed at a few thousand (the guard allows
# MAX_DEPTH brackets and MAX_CHAIN operators per level, far below what this holds).
STACK_BYTES = 64 << 20


def limit_memory(megabytes: int) -> None:
    """Cap this process's data segment (heap and anonymous mappings): an allocation past it
    fails, and Oxigraph aborts the process, which the pool reports as 503 and replaces."""
    if megabytes > 0:
        limit = megabytes << 20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def run_with_stack(target) -> None:  # type: ignore[no-untyped-def]
    """Run `target()` in a thread with STACK_BYTES of stack and wait for it."""
    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(target=target, name="kg-worker")
    thread.start()
    thread.join()


def leave_network() -> tuple[str, str]:
    """(layers that hold, why the others do not): an empty network namespace and a seccomp
    filter that refuses non-AF_UNIX sockets. '' for the first means no isolation at all."""
    if not sys.platform.startswith("linux"):
        return "", "network isolation needs Linux"
    libc = ctypes.CDLL(None, use_errno=True)
    # Die with the server rather than keep a runaway query going with nobody to kill it.
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    held, failed = [], []
    # For tests of each layer alone (and of the guard alone): KG_SERVE_SKIP_ISOLATION=netns,seccomp
    skip = set(os.environ.get("KG_SERVE_SKIP_ISOLATION", "").replace(" ", "").split(","))
    why = "network namespace skipped" if "netns" in skip else _unshare_net(libc)
    (failed if why else held).append(why or "network namespace")
    why = "seccomp filter skipped" if "seccomp" in skip else _seccomp_no_inet(libc)
    (failed if why else held).append(why or "seccomp socket filter")
    return ", ".join(held), "; ".join(failed)


def _unshare_net(libc: ctypes.CDLL) -> str:
    errors = []
    # As root, a bare new network namespace; without CAP_SYS_ADMIN (a default container, or
    # `setpriv --bounding-set -sys_admin`) a user namespace may still make one possible.
    for flags in (
        (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET)
        if os.geteuid() == 0
        else (CLONE_NEWUSER | CLONE_NEWNET,)
    ):
        if libc.unshare(flags) == 0:
            return ""
        errors.append(os.strerror(ctypes.get_errno()))
    return f"no network namespace ({errors[-1]})"


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _seccomp_no_inet(libc: ctypes.CDLL) -> str:
    """socket(domain != AF_UNIX) and io_uring_setup fail with EACCES from now on."""
    arch = _SECCOMP_ARCH.get(platform.machine())
    if arch is None:
        return f"no seccomp filter for {platform.machine()}"
    audit_arch, nr_socket, nr_io_uring = arch
    ld_w_abs, jeq_k, ret_k = 0x20, 0x15, 0x06
    deny = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
    allow = 0x7FFF0000
    prog = [
        (ld_w_abs, 0, 0, 4),  # A = arch
        (jeq_k, 1, 0, audit_arch),  # foreign arch: deny everything
        (ret_k, 0, 0, deny),
        (ld_w_abs, 0, 0, 0),  # A = syscall number
        (jeq_k, 0, 1, nr_io_uring),
        (ret_k, 0, 0, deny),
        (jeq_k, 0, 3, nr_socket),
        (ld_w_abs, 0, 0, 16),  # A = low word of args[0], the address family
        (jeq_k, 1, 0, 1),  # AF_UNIX
        (ret_k, 0, 0, deny),
        (ret_k, 0, 0, allow),
    ]
    filters = (_SockFilter * len(prog))(*(_SockFilter(*ins) for ins in prog))
    fprog = _SockFprog(len(prog), filters)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no seccomp filter ({os.strerror(ctypes.get_errno())})"
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"no seccomp filter ({os.strerror(ctypes.get_errno())})"
    return ""
