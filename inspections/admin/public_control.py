"""Admin of inspections, violations, notices, stoppages and proposals."""
