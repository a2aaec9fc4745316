"""Admin of accident reports."""
