"""Match each premise to one choice; choices may be reused or left over."""

NAME = "matching"
IN_QUESTION_BANKS = True
