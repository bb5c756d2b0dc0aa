"""The facilitator's guide (the pack's home page): how to run an ECHO-style session, timings, ground rules."""

from __future__ import annotations

from grader.content.models import Course
from grader.facilitator.case_page import case_page_name
from grader.facilitator.crisis import crisis_contacts
from grader.facilitator.render import render

GUIDE_SOURCES = [
    # seed 004: the ECHO session format and its evaluation
    "Arthritis and Musculoskeletal Alliance (ARMA). Chronic pain roundtable report. 2019. Case study: "
    "Project ECHO: use of videoconferencing to provide a learning community for primary healthcare professionals.",
    "Dazzi T, Gribble R, Wessely S, Fear NT. Does asking about suicide and related behaviours induce suicidal "
    "ideation? What is the evidence? Psychological Medicine 2014;44(16):3361-3. doi:10.1017/S0033291714001299",
    'Safe-language guidance on suicide published by suicide-prevention organisations (for example "died by '
    'suicide", "suicide attempt"; exact wording varies between guides).',
]


def guide_markdown(course: Course) -> str:
    """The facilitator's guide: how to run an ECHO-style session, timings, ground rules."""
    cases = [
        {
            "title": content.case.title,
            "page": case_page_name(content),
            "minutes": content.case.facilitation.timing_minutes,
            "questions": len(content.case.items()),
            "modules": content.case.modules,
        }
        for content in course.cases
    ]
    return render("guide.md.j2", cases=cases, crisis_contacts=crisis_contacts(course.services()), sources=GUIDE_SOURCES)
