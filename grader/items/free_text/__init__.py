"""Free text, scored provisionally by keywords and always marked for a person to review."""

NAME = "free text, marked by a person"
IN_QUESTION_BANKS = False
