NOT_EXPORTED = (
    "a written answer is marked by a person against the course's rubric; QTI's extendedTextInteraction has no "
    "place for the rubric, so the answer would go unscored"
)
