"""The CPD lead's reports: certificates (PDF) and the cohort report (static HTML).

Both read the same things (`data.gather`): the learners' records collected by
`grader collect` (module completion recomputed from the responses) and the
case-study grades in nbgrader's gradebook (written by `grader autograde`).
"""
