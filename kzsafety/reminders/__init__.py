"""Reminders: deadlines that chase people (issue 12).

A daily run finds what is due or late as of today in Asia/Almaty and tells the people who
can act on it; a weekly run escalates long-overdue violations to regional staff and a
monthly one tells them about technical inspectors without training. Each reminder carries a
key made of (reason, item, due date), so a run repeated, or redelivered after its worker
died, sends nothing twice and misses nothing.

This package sits at the top layer, beside kzsafety/statistics: it reads the directories,
inspections and councils (through their shared queries, e.g.
councils.access.remediation_violations) and nothing reads it. See docs/notifications.md,
"Reminders"."""
