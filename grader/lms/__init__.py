"""Handing the course to a learning management system (LMS).

`scorm.py` packs the built site as a SCORM 1.2 content package: one SCO per
module, each launching that module's overview page. In the browser,
`grader/site/assets/src/scorm.js` finds the LMS's runtime API and reports
the module's completion and score; outside an LMS it does nothing.
"""
