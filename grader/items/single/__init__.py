"""Single best answer: one option is right."""

NAME = "single best answer"
IN_QUESTION_BANKS = True
