"""A calculation: a number typed, with its unit shown or chosen; unsafe bands say why an answer would harm."""

NAME = "calculation"
IN_QUESTION_BANKS = True
