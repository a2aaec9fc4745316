from celery import shared_task


@shared_task(name="kzsafety.jobs.sweep", time_limit=120, soft_time_limit=100, ignore_result=True)
def sweep_jobs() -> dict[str, int]:
    """Resend, restart or fail background jobs (see kzsafety.jobs.runs.sweep)."""
    from kzsafety.jobs.runs import sweep

    return sweep()
