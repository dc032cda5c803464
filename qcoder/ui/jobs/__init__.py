"""Background work in the window: one runner, jobs with progress, cancel and a clear failure."""

from qcoder.ui.jobs.job import Job, JobContext, ProgressCallback, Work
from qcoder.ui.jobs.job_failure import failure_message
from qcoder.ui.jobs.job_runner import JobRunner
from qcoder.ui.jobs.latest_job import LatestJob
from qcoder.ui.jobs.project_work import reading, writing
from qcoder.ui.jobs.waiting_dialog import waiting_dialog

__all__ = ["Job", "JobContext", "JobRunner", "LatestJob", "ProgressCallback", "Work", "failure_message", "reading", "waiting_dialog", "writing"]
