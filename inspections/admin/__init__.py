from inspections.admin import accidents, public_control  # noqa: F401  (registers the admins)
