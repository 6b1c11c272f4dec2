"""``clew worker``: a process that runs queued jobs (imports, manifest screenings).

The server runs one worker of its own (always on SQLite; on PostgreSQL unless
``CLEW_IN_PROCESS_WORKER=false``); more ``clew worker`` processes, on any machine that reaches
the database and the spool directory, share the queue: each job is claimed by exactly one.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from clew.cli.common import _, app, database, err
from clew.settings import get_settings

__all__: list[str] = []


@app.command()
def worker() -> None:
    """Run queued jobs until interrupted (Ctrl-C or SIGTERM: a running job is queued again)."""
    from clew.jobs import Worker
    from clew.screening.follow import Follower
    from clew.screening.sync import IndexKeeper

    settings = get_settings()
    db = database(settings)
    keeper = IndexKeeper()
    follower: Follower | None = None
    lock = threading.Lock()

    def index() -> IndexKeeper:
        """Built on the first screening job, then kept up with the change feed."""
        nonlocal follower
        with lock:
            if follower is None:
                with db.reading() as session:
                    keeper.build(session)
                follower = Follower(keeper, db)
                follower.start()
        return keeper

    runner = Worker(db, index)
    stopped = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    waiting = _("worker %(name)s waiting for jobs (Ctrl-C to stop)") % {"name": runner.name}
    err.print(waiting, highlight=False)
    runner.start()
    stopped.wait()
    err.print(_("stopping: a running job goes back to the queue"), highlight=False)
    runner.stop()
    if follower is not None:
        follower.stop()
    db.dispose()
