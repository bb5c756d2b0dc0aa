NOT_EXPORTED = (
    "GIFT has no branching question: a conversation that goes on from each choice cannot be written as one "
    "Moodle question (Moodle's lesson activity is the nearest, and GIFT cannot make one)"
)
