"""Reading on a Dask cluster: a second runner with the interface of `Pipeline.run`.

`DaskRunner.run(articles)` sends batches of articles to the workers and yields their `PipeResult`s in the
order the articles came, so `sitrep.ingest.ingest` stays one code path and the calling process stays the
only writer to the store. At most `max_in_flight` batches are out at once: the corpus is never held in
memory, and a slow store holds the workers back instead of filling the memory with readings.

Each worker builds the pipeline (language model, gazetteer) once, on its first batch, through a
`WorkerPlugin` that carries the settings; the workers need sitrep installed and the model and gazetteer
available, which is all a multi-machine cluster needs too.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin, get_worker
from distributed.scheduler import KilledWorker

from sitrep.errors import PipelineError
from sitrep.models import Article, Rejected
from sitrep.pipeline import Pipeline, PipeResult
from sitrep.settings import Settings

if TYPE_CHECKING:
    from distributed import Client, Future, Worker

log = logging.getLogger(__name__)

PLUGIN_NAME = "sitrep-pipeline"
CONNECT_TIMEOUT_S = 10
MESSAGE_LOG_LENGTH = 20


class PipelinePlugin(WorkerPlugin):
    """Holds one worker's pipeline, built from `settings` when the worker reads its first batch."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        self._pipeline = None  # built lazily, in the task thread, so the worker's event loop stays free
        stop_profiler(worker)

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from sitrep.stages import build_pipeline

            log.info("loading the pipeline on this worker")
            self._pipeline = build_pipeline(self.settings)
        return self._pipeline


def stop_profiler(worker: Any) -> None:
    """Stop the worker's statistical profiler. It samples the task thread's stack every 10 ms and keeps a
    call tree per second for its history; the pipeline's deep and varied stacks make those trees large, so
    a worker's memory grew for as long as it read (and the sampling costs CPU)."""
    callbacks = getattr(worker, "periodic_callbacks", {})
    for name in ("profile", "profile-cycle"):
        callback = callbacks.pop(name, None)
        if callback is not None:
            callback.stop()


def read_batch(articles: list[Article]) -> list[PipeResult]:
    """Runs on a worker: one batch through that worker's pipeline."""
    return list(_plugin(get_worker()).pipeline().run(articles))


def load_pipeline(dask_worker: Worker) -> None:
    """Runs on every worker (`Client.run`): load the pipeline now rather than on the first batch."""
    _plugin(dask_worker).pipeline()


def _plugin(worker: Worker) -> PipelinePlugin:
    plugin = worker.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, PipelinePlugin):
        raise PipelineError(f"worker {worker.address} has no sitrep pipeline plugin {PLUGIN_NAME!r}")
    return plugin


class DaskRunner:
    """Runs the pipeline on the workers of `client`; same interface as `Pipeline.run`."""

    def __init__(
        self, client: Client, *, settings: Settings, batch_size: int | None = None, max_in_flight: int = 0
    ) -> None:
        self.client = client
        self.batch_size = batch_size or settings.batch_size
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.max_in_flight = max_in_flight or 2 * workers
        client.register_plugin(PipelinePlugin(settings), name=PLUGIN_NAME)

    def warm_up(self) -> None:
        """Load the pipeline on every worker now (otherwise each loads it with its first batch)."""
        self.client.run(load_pipeline)

    def run(self, articles: Iterable[Article]) -> Iterator[PipeResult]:
        iterator = iter(articles)
        pending: deque[tuple[list[Article], Future[list[PipeResult]]]] = deque()
        try:
            while batch := list(islice(iterator, self.batch_size)):
                pending.append((batch, self.client.submit(read_batch, batch, pure=False)))
                if len(pending) >= self.max_in_flight:
                    yield from _results(*pending.popleft())
            while pending:
                yield from _results(*pending.popleft())
        finally:
            for _, future in pending:  # an interrupted run leaves nothing running on the cluster
                future.cancel()  # type: ignore[no-untyped-call]


def _results(batch: list[Article], future: Future[list[PipeResult]]) -> list[PipeResult]:
    """The batch's results; if it killed every worker that tried it, each of its articles is rejected."""
    try:
        return future.result()
    except KilledWorker as e:
        log.warning("a batch of %d articles killed its workers: %s", len(batch), e)
        reason = f"the worker reading it died ({e}); it may be too large for a worker's memory"
        return [PipeResult(rejected=Rejected(a.source or a.id, reason, a.text.encode())) for a in batch]


@contextmanager
def dask_runner(
    settings: Settings, *, workers: int = 2, scheduler: str | None = None, batch_size: int | None = None
) -> Iterator[DaskRunner]:
    """A `DaskRunner` on an existing cluster (`scheduler` address) or on a local one with `workers`
    processes of one thread each; a local cluster is shut down on exit."""
    import dask

    # Dask keeps the last messages of every connection for debugging (1,000 by default); ours carry whole
    # batches of articles, so that log alone held some 30,000 articles in the process that sends them.
    with (
        dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG_LENGTH}),
        _client(workers=workers, scheduler=scheduler) as client,
    ):
        yield DaskRunner(client, settings=settings, batch_size=batch_size)


@contextmanager
def _client(*, workers: int, scheduler: str | None) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
        except (OSError, ValueError) as e:  # TimeoutError is an OSError
            raise PipelineError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
        with client:
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with a running one
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client
