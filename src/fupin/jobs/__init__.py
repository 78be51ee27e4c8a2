"""Background jobs: long work started from the web or the CLI, with progress, all or nothing.

A subsystem declares a job kind once (``services.kinds.job_kind``: its name, the permission it
needs, the function that does the work) and starts it with ``services.runs.start_job``. A worker
(huey: SQLite by default, Redis in production) runs it in one transaction; the page of the job
shows its progress. A job interrupted by a worker's death is run again, or marked failed — never
left half-applied.
"""
