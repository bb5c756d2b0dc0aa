"""Multiple response: every right option must be picked, no wrong one."""

NAME = "multiple response"
IN_QUESTION_BANKS = True
