"""Import kinds of the inspections app (CONTRACTS.md §3), registered in IMPORT_KINDS:
`accidents`, `inspections` and `violations`."""
