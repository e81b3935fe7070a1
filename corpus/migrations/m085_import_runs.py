"""import_runs: one row per `corpus import-text`, with its progress, so an interrupted import resumes after
the last file it finished instead of cleaning every file again; pid and host let the next writer that takes
the database's lock mark a run whose process is gone `interrupted` (as for crawls)."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("import_runs").create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "folder": str,  # absolute path
            "outlet": str,
            "status": str,  # running, finished, interrupted (Ctrl-C, killed), failed (an error)
            "pid": int,
            "host": str,
            "files": int,  # .txt files this run set out to import
            "imported": int,
            "failed": int,
            "last_file": str,  # name of the last file finished (imported or failed): a resume starts after it
            "failures": str,  # JSON [[file name, reason]]: retried by a resume
            "resumed_from": int,  # the interrupted run this one continued
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("import_runs").create_index(["folder", "outlet"], if_not_exists=True)
