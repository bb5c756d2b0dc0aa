"""What the tests share, one module per subject; fixtures stay in tests/conftest.py.

site: build the course with mkdocs and serve it on 127.0.0.1; browser: keyboard-only
steps in Chromium; gradebook: submissions and gradebooks; postgres: a throwaway
PostgreSQL server; conformance: the shared scoring cases; properties: hypothesis
profiles and strategies.
"""
