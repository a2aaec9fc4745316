"""Write endpoints (accidents with victims, inspections with violations, remediation steps):
each calls the same write function as the forms and imports. Register their viewsets in
kzsafety/api/urls.py."""
