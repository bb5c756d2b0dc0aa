"""The course site: builder-independent rendering (render.py: pages; widgets.py,
text.py, markers.py: their HTML), browser assets, and a thin MkDocs adapter (plugin.py)."""
