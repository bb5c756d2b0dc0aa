"""Put the options in order."""

NAME = "put in order"
IN_QUESTION_BANKS = True
