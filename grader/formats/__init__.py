"""Formats shared by several parts, below all of them (see DESIGN.md, "Inside grader/").

- `notebook`: a case study as nbgrader notebooks. The site embeds the release
  notebook in each case page; the gradebook releases, reads and grades it.
- `markdown_text`: the one Markdown renderer for stems, options and feedback,
  used by the site and by the question-bank exports.

Nothing here imports a part above `grader.content`, so any part may use it.
"""
