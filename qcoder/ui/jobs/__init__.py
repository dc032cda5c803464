"""Background work in the window: one runner, jobs with progress, cancel and a clear failure.

- :class:`JobRunner` (one per window, ``ProjectController.jobs``) starts every piece of
  background work as a :class:`Job`: a function of a :class:`JobContext` (progress, "should I
  stop?") run on a thread of its own. Its answer comes back on the GUI thread as ``succeeded``
  or ``failed`` — one sentence from :func:`failure_message`, never a traceback. Closing the
  project abandons and waits for every job, so no thread still uses a closed project.
- ``runner.start(work)`` for work the window does not wait for (imports, exports, push, pull);
  ``runner.run_waiting`` / ``call_waiting`` for work whose answer the caller needs before it goes
  on (merge and its preview, server connections, restore, agreement): the GUI thread turns a
  local event loop meanwhile, behind a :func:`waiting_dialog` whose Cancel abandons the job.
- :class:`LatestJob`: one call at a time whose latest answer only counts (search, analysis reads).
- :func:`reading` / :func:`writing` make work of a query or a use case on the open project.
- The initiator: a job (or ``with controller.initiated_by(view):``) names who started a change;
  while ``changed`` is emitted, ``controller.initiator`` is that view, which may skip its own
  refresh (as Anki's ``CollectionOp`` does).
- The server watcher polls through the runner: a GUI-thread timer starts one short poll job at a
  time (:mod:`qcoder.ui.jobs.server_watcher`).
- Single edits (``controller.run`` inside an undo command) stay synchronous: they are one short
  transaction, and undo/redo must have happened when ``push`` returns.
"""

from qcoder.ui.jobs.job import Job, JobContext, ProgressCallback, Work
from qcoder.ui.jobs.job_failure import failure_message
from qcoder.ui.jobs.job_runner import JobRunner
from qcoder.ui.jobs.latest_job import LatestJob
from qcoder.ui.jobs.project_work import reading, writing
from qcoder.ui.jobs.waiting_dialog import waiting_dialog

__all__ = [
    "Job", "JobContext", "JobRunner", "LatestJob", "ProgressCallback", "Work", "failure_message", "reading",
    "waiting_dialog", "writing",
]
