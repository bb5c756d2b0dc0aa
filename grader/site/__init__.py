"""The course site: builder-independent rendering (render.py), browser assets,
and a thin MkDocs adapter (plugin.py)."""
