"""Worker processes for large inputs: fresh interpreters, each with its own copy of the index.

Why not ``multiprocessing``: a forked worker starts as a copy of the caller's process - its
input table, its output so far, whatever else it holds - and every such page is counted again in
each worker's memory; a spawned one re-runs the caller's main script unless it is guarded. So a
worker here is ``python -m listguard.matching.workers``: it imports only the matcher, loads the
built index from a file the caller wrote (half a second for 35,000 names), then turns chunks of
items into results with the caller's chunk function. Chunks and results travel as pickles over
the worker's stdin and stdout; the caller feeds whichever worker is free and gives results back
in input order.

The index file is written by this program into a fresh private temporary directory and read
back by it: nothing else is unpickled.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M")
ChunkFn = Callable[[Any, Sequence[T]], list[R]]
"""``convert(matcher, chunk) -> results``: what a worker runs on each chunk."""

BATCH = 2048
"""Queries per sparse candidate batch."""


class WorkerError(RuntimeError):
    """A worker process died or failed; the message carries its last error output."""


class _Worker:
    def __init__(self, index_path: Path, convert: object) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "listguard.matching.workers", str(index_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, env=env,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[bytes] = self.proc.stdin
        self.stdout: IO[bytes] = self.proc.stdout
        self.send(convert)

    def send(self, message: object) -> None:
        try:
            pickle.dump(message, self.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self.failure() from None

    def receive(self) -> Any:
        try:
            status, payload = pickle.load(self.stdout)
        except EOFError:
            raise self.failure() from None
        if status != "ok":
            raise WorkerError(f"screening worker failed: {payload}")
        return payload

    def failure(self) -> WorkerError:
        self.proc.wait(timeout=10)
        self.stderr.seek(0)
        tail = self.stderr.read()[-2000:].decode("utf-8", "replace").strip()
        return WorkerError(f"screening worker exited with code {self.proc.returncode}: {tail}")

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.send(None)
        except WorkerError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


class WorkerPool(Generic[T, R]):
    """``processes`` worker interpreters sharing nothing but the index file.

    Use as a context manager; :meth:`map` runs ``convert`` over chunks in the workers and
    yields each chunk's result in input order.
    """

    def __init__(self, matcher: object, convert: ChunkFn[T, R], processes: int) -> None:
        """``matcher`` is pickled to a private file each worker loads."""
        self._dir = tempfile.TemporaryDirectory(prefix="listguard-index-")
        path = Path(self._dir.name) / "matcher.pickle"
        with path.open("wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.workers: list[_Worker] = []
        try:
            for _ in range(processes):
                self.workers.append(_Worker(path, convert))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.workers = []
        self._dir.cleanup()

    def map(self, chunks: Sequence[Sequence[T]]) -> Iterator[list[R]]:
        """Each chunk's result, in order; chunks are handed to whichever worker is free."""
        results: dict[int, list[R] | BaseException] = {}
        done = threading.Condition()
        position = iter(range(len(chunks)))
        lock = threading.Lock()

        def run(worker: _Worker) -> None:
            while True:
                with lock:
                    seq = next(position, None)
                if seq is None:
                    return
                try:
                    worker.send(chunks[seq])
                    result: list[R] | BaseException = worker.receive()
                except BaseException as exc:  # handed to the caller's thread
                    result = exc
                with done:
                    results[seq] = result
                    done.notify_all()
                if isinstance(result, BaseException):
                    return

        threads = [threading.Thread(target=run, args=(w,), daemon=True) for w in self.workers]
        for t in threads:
            t.start()
        for seq in range(len(chunks)):
            with done:
                while seq not in results:
                    if not any(t.is_alive() for t in threads) and seq not in results:
                        raise WorkerError("screening workers stopped before the end")
                    done.wait(timeout=1.0)
                result = results.pop(seq)
            if isinstance(result, BaseException):
                raise result
            yield result
        for t in threads:
            t.join()


class _Chunks(Sequence[Sequence[T]]):
    """``items`` cut into ``step``-sized chunks, each made when asked for."""

    def __init__(self, items: Sequence[T], step: int) -> None:
        self.items = items
        self.step = step

    def __len__(self) -> int:
        return (len(self.items) + self.step - 1) // self.step

    def __getitem__(self, i: int) -> Sequence[T]:  # type: ignore[override]
        return self.items[i * self.step : (i + 1) * self.step]


def chunked(items: Sequence[T], step: int) -> Sequence[Sequence[T]]:
    return _Chunks(items, step)


def convert_chunk(convert: Callable[[M, Sequence[T]], list[R]], matcher: M,
                  chunk: Sequence[T]) -> list[R]:
    """``convert(matcher, chunk)`` with the cyclic garbage collector paused.

    Matching makes and drops hundreds of thousands of small objects per chunk, none of them in
    reference cycles, so reference counting frees them all; the collections their numbers
    trigger find nothing and cost a quarter of the time (measured). Collection resumes after
    each chunk.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return convert(matcher, chunk)
    finally:
        if enabled:
            gc.enable()


def main() -> None:
    """The worker: load the index, then answer chunks until told to stop."""
    path = Path(sys.argv[1])
    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not corrupt the channel
    with path.open("rb") as fh:
        matcher = pickle.load(fh)  # written by the parent into its private directory
    gc.freeze()  # the index lives as long as the worker: no collection need walk it again
    convert = pickle.load(channel_in)
    while True:
        items = pickle.load(channel_in)
        if items is None:
            return
        try:
            out: list[Any] = []
            for start in range(0, len(items), BATCH):
                out.extend(convert_chunk(convert, matcher, items[start : start + BATCH]))
            reply: tuple[str, Any] = ("ok", out)
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        pickle.dump(reply, channel_out, protocol=pickle.HIGHEST_PROTOCOL)
        channel_out.flush()


if __name__ == "__main__":
    main()
