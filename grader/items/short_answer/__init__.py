"""Short answer: a word or short phrase typed by the learner, accepted if it matches one of the
accepted answers once case, spaces and punctuation are set aside."""

NAME = "short answer"
IN_QUESTION_BANKS = True
