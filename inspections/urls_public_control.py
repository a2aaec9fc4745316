"""URLs of public control: inspections, violations, notices, stoppages, proposals."""

urlpatterns: list = []
