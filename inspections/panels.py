"""Panels this app adds to the home page and the enterprise page (kzsafety/panels.py)."""


def home_accidents(request):
    return None


def enterprise_accidents(request, enterprise):
    return None
