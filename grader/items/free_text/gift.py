NOT_EXPORTED = (
    "a written answer is marked by a person against the course's rubric; a Moodle essay question would carry "
    "neither the rubric nor the provisional keyword score"
)
