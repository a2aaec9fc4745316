"""Write endpoints (accidents with victims, inspections with violations, remediation steps):
each calls the same write function as the forms and imports (docs/api.md#writing).

common.py: refusals as JSON errors, 403 with the write function's words, 409 on a stale
version, the Idempotency-Key; accidents.py, inspections.py, remediation.py: the JSON the
client sends, read into what the write function takes; views.py: the write methods, added
to the read viewsets of the same families (register() in kzsafety/api/urls.py)."""
