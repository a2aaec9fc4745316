"""The REST API (/api/v1/, docs/api.md): the top layer, like kzsafety.statistics. It may
read every app through its scoping and write functions; no app imports it.

Layout: authentication.py (personal tokens), errors.py (every error as JSON with a stable
`code`), pagination.py, throttling.py, urls.py (the router), reads/ (one module per family),
writes/ (create and update endpoints), tokens/ (the pages where users manage their tokens).
"""
