"""Starting a new period from the previous one: what is carried over, and marked 待复核."""

from __future__ import annotations

from desktop.core.store.sqlite_db import Database


def carry_over(db: Database, source_id: int, target_id: int, at: str) -> int:
    """Copies answers (each pending review), notes and open 整改 plans; returns answers copied.

    Only checklists chosen for both assessments are carried; answers keep the checklist version
    they were given against until someone confirms them.
    """
    shared = """checklist_id IN (SELECT checklist_id FROM assessment_checklists
                                 WHERE assessment_id = :target)"""
    params = {"source": source_id, "target": target_id, "at": at}
    copied = db.execute(f"""
        INSERT INTO answers (assessment_id, checklist_id, item_id, kind, value, version,
                             updated_at, pending_review)
        SELECT :target, checklist_id, item_id, kind, value, version, :at, 1
        FROM answers WHERE assessment_id = :source AND {shared}""", params).rowcount
    db.execute("""
        INSERT INTO audit (assessment_id, checklist_id, item_id, kind, old, new, user, at)
        SELECT :target, checklist_id, item_id, 'copy', NULL, value, '', :at
        FROM answers WHERE assessment_id = :target""", params)
    db.execute(f"""
        INSERT INTO notes (assessment_id, checklist_id, item_id, text, updated_at)
        SELECT :target, checklist_id, item_id, text, :at
        FROM notes WHERE assessment_id = :source AND {shared}""", params)
    db.execute(f"""
        INSERT INTO rectifications (assessment_id, checklist_id, item_id, measure, owner,
                                    deadline, status, progress, updated_at)
        SELECT :target, checklist_id, item_id, measure, owner, deadline, status, progress, :at
        FROM rectifications
        WHERE assessment_id = :source AND status != '已完成' AND {shared}""", params)
    return copied


def normalise_names(db: Database) -> int:
    """Renames free-text periods of older versions to the one spelling; returns how many changed.

    Runs inside the caller's transaction.

    A name that names no period stays as typed (the user sees it as is), and so does one whose
    normal spelling the same school already uses (two assessments cannot share a period).
    """
    from desktop.core.period_names import normalise
    changed = 0
    rows = db.execute("SELECT id, school_id, period FROM assessments").fetchall()
    taken = {(school, period) for _id, school, period in rows}
    for assessment_id, school_id, period in rows:
        name = normalise(period)
        if name == period or (school_id, name) in taken:
            continue
        db.execute("UPDATE assessments SET period = ? WHERE id = ?", [name, assessment_id])
        taken.discard((school_id, period))
        taken.add((school_id, name))
        changed += 1
    return changed
