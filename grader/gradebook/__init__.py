"""The bridge to nbgrader: case studies as notebooks, submissions read as data."""
