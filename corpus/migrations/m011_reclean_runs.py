"""One row per `corpus reclean`: when, which outlet, which cleaner version, what changed."""

import sqlite_utils


def apply(db: sqlite_utils.Database) -> None:
    db.table("reclean_runs").create(
        {
            "id": int,
            "finished_at": str,
            "outlet": str,  # NULL: every outlet
            "cleaner_version": str,
            "documents": int,
            "changed": int,  # documents whose text changed
            "failed": int,
            "status_changes": str,  # JSON {"old->new": n}
        },
        pk="id",
        if_not_exists=True,
    )
