NOT_EXPORTED = (
    "a branching conversation needs QTI's adaptive items, which few LMSs run; the course's consultations "
    "stay in the site and the case-study notebooks"
)
