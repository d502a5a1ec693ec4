"""One searcher per worker process and index: opened lazily after fork, refreshed by the
engine on every search (a new commit or a new generation), closed when the process ends."""
from __future__ import annotations

import os
import threading

from consult.search import engine as engines
from consult.search import index
from consult.search.engine import Searcher

_workers: dict[tuple[str, str], tuple[int, Searcher]] = {}
_workers_lock = threading.Lock()


def for_worker(index_dir: str, engine_name: str = engines.DEFAULT_BACKEND) -> Searcher:
    """This process's searcher for ``engine_name``'s index under ``index_dir`` (a new one
    after fork: file handles, threads and caches are never shared across processes)."""
    key = (str(index_dir), engine_name)
    with _workers_lock:
        pid, worker = _workers.get(key, (None, None))
        if worker is None or pid != os.getpid():
            engine = engines.get(engine_name)
            worker = engine.open_searcher(index.engine_dir(index_dir, engine_name))
            _workers[key] = (os.getpid(), worker)
        return worker


def close_all() -> None:
    """Close every searcher of this process (tests, and before a worker exits)."""
    with _workers_lock:
        for pid, worker in _workers.values():
            if pid == os.getpid():
                worker.close()
        _workers.clear()
