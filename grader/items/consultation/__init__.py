"""A branching consultation: the learner chooses what to say at each turn; the response is the path taken."""

NAME = "branching consultation"
IN_QUESTION_BANKS = False
