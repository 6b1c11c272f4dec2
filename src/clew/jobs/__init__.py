"""Durable background jobs: record imports, network-file imports, manifest screenings.

A job is a row of the ``jobs`` table (:mod:`.models`): its kind, owner, status, progress,
cancel flag and result all live in the database, so any process answers for any job and a
job outlives the process that started it. Web pages and the API only enqueue and poll
(:mod:`.queue`); workers claim and run them (:mod:`.worker`): one thread inside each server
(always on SQLite; on PostgreSQL unless ``CLEW_IN_PROCESS_WORKER=false``) and any number of
``clew worker`` processes. Uploads wait in the spool directory (``CLEW_SPOOL_DIR``), which
every process that runs jobs must share. A job is reached by its random token, and only by the
person who started it; ended jobs and their results are kept for a week.
"""

from clew.jobs.models import Job, JobKind, JobStatus
from clew.jobs.queue import JobView, cancel, find, submit
from clew.jobs.worker import Cancelled, JobRun, Worker

__all__ = [
    "Cancelled",
    "Job",
    "JobKind",
    "JobRun",
    "JobStatus",
    "JobView",
    "Worker",
    "cancel",
    "find",
    "submit",
]
