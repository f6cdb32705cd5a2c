"""Extraction on a Dask distributed cluster: the same scan, with ``extract_report`` mapped over the reports.

Dask rather than Ray: it is pure Python and installs from PyPI in seconds with
no daemon to set up, a local cluster runs on this 2-core machine, and its
executor has the ``concurrent.futures`` API, so the scan drives a cluster exactly
as it drives the local process pool (``parallel.ReadAhead``). The scheduler
places the work, re-runs the tasks of a worker that died (Dask's
``distributed.scheduler.allowed-failures``) and serves its own dashboard.

This process reads the files and sends their bytes, so the workers need the
project's code (the same checkout and requirements) but no shared file system.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager

AUTO = "auto"


class ClusterUnreachable(RuntimeError):
    """No Dask scheduler answered at the address given."""


class _ClusterExecutor(Executor):
    """Dask's executor plus the number of worker threads, which sizes the read-ahead."""

    def __init__(self, client) -> None:  # distributed.Client: imported lazily, the app does not need Dask
        self._client = client
        self._executor = client.get_executor(pure=False)

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        return self._executor.submit(fn, *args, **kwargs)

    @property
    def workers(self) -> int:
        return max(1, sum(self._client.nthreads().values()))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)


@contextmanager
def dask_executor(address: str = AUTO, workers: int | None = None, quiet: bool = False) -> Iterator[Executor]:
    """An executor on a Dask cluster for ``pipeline.scan(executor=...)``.

    ``address`` is ``auto`` (start a local cluster of ``workers`` single-threaded
    processes, stopped afterwards) or a running scheduler's address
    (``tcp://host:8786``), which is left running.
    """
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if address == AUTO:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ClusterUnreachable(f"no Dask scheduler answered at {address}: {exc}") from exc
    try:
        if not quiet:
            sys.stderr.write(f"Dask cluster: {len(client.nthreads())} worker(s); dashboard {client.dashboard_link}\n")
        yield _ClusterExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
