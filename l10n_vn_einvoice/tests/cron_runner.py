"""Run a cron job through Odoo's own runner (``method_direct_trigger``: a progress
record, ``cron_end_time``, ``_commit_progress``) inside the test's transaction."""

from unittest.mock import patch


def run_cron(case, xmlid, time_up_after=None):
    """Run the job ``xmlid``; with ``time_up_after``, ``ir.cron._commit_progress``
    answers "time is up" once that many items of this job are reported done, as it does
    when the job's time runs out.  Returns the job's new progress records."""
    cron = case.env.ref(xmlid)
    IrCron = case.registry["ir.cron"]
    real_commit_progress = IrCron._commit_progress
    done = []

    def commit_progress(self, processed=0, **kwargs):
        time_left = real_commit_progress(self, processed, **kwargs)
        if time_up_after is None or self.env.context.get("cron_id") != cron.id:
            return time_left
        done.append(processed)
        return 0.0 if sum(done) >= time_up_after else time_left

    Progress = case.env["ir.cron.progress"]
    last = Progress.search([], order="id desc", limit=1).id or 0
    with case.enter_registry_test_mode(), \
            patch.object(IrCron, "_commit_progress", commit_progress):
        cron.method_direct_trigger()
    case.env.invalidate_all()
    return Progress.search([("cron_id", "=", cron.id), ("id", ">", last)], order="id")
