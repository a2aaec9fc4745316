from celery import shared_task


@shared_task(
    name="kzsafety.idempotency.forget_old_keys",
    time_limit=600,
    soft_time_limit=540,
    ignore_result=True,
)
def forget_old_keys() -> int:
    """Beat, nightly: forget one-time keys older than ONCE_KEY_DAYS."""
    from kzsafety.idempotency import forget_old_keys as forget

    return forget()
