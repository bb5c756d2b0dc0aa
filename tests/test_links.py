"""Links and images in lessons: a lesson may link another by its own file name (rewritten to the
built page), anchors must exist, images need alt text and live in course/assets/images/."""

from __future__ import annotations

import shutil

from grader.content.loader import load_course
from grader.site.links import anchors, link_problems
from helpers.site import FIXTURE_COURSE, build_site

LESSON = "modules/01-example/01-intro.md"


def course_with_two_lessons(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    (root / "modules/01-example/02-next-steps.md").write_text(
        "# Next steps\n\n## Making a plan\n\nText.\n", encoding="utf-8"
    )
    (root / LESSON).write_text(
        "# Introduction\n\nSee [the next lesson](02-next-steps.md), [its plan](02-next-steps.md#making-a-plan), "
        "[the same by name](next-steps.md) and [below](#what-this-covers).\n\n## What this covers\n\nText.\n",
        encoding="utf-8",
    )
    return root


def test_links_to_a_lessons_own_file_are_accepted_and_reach_the_built_page(tmp_path):
    root = course_with_two_lessons(tmp_path)
    assert link_problems(load_course(root), root) == []
    result = build_site(tmp_path / "site", content_root=root)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "modules" / "example" / "intro.html").read_text(encoding="utf-8")
    assert 'href="next-steps.html"' in html and 'href="next-steps.html#making-a-plan"' in html
    assert "02-next-steps" not in html


def test_a_missing_anchor_on_another_lesson_names_the_ones_there(tmp_path):
    root = course_with_two_lessons(tmp_path)
    lesson = root / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("#making-a-plan", "#a-plan"), encoding="utf-8")
    (problem,) = link_problems(load_course(root), root)
    assert (problem.path, problem.line) == (LESSON, 3)
    assert problem.message == (
        "anchor '#a-plan' is not a heading or id on modules/example/next-steps.md: use one of making-a-plan, next-steps"
    )


def test_images_with_alt_text_in_the_images_folder_pass(tmp_path):
    root = course_with_two_lessons(tmp_path)
    images = root / "course" / "assets" / "images"
    images.mkdir(parents=True)
    (images / "knee.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    lesson = root / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![A knee, bent](../../assets/images/knee.png)\n")
    assert link_problems(load_course(root), root) == []
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![A knee](../../knee.png)\n")
    (problem,) = link_problems(load_course(root), root)
    assert "is outside course/assets/images/: keep images there" in problem.message


def test_anchors_follow_the_sites_heading_ids():
    assert anchors("# Asking about suicide\n\n## What NICE says (NG225)\n\n## Notes\n\n## Notes\n") == {
        "asking-about-suicide",
        "what-nice-says-ng225",
        "notes",
        "notes_1",
    }
    assert anchors("# Page\n\n[[referral-directory]]\n") is None  # widgets make ids of their own


def test_the_real_course_has_no_broken_link():
    from helpers.site import ROOT

    assert link_problems(load_course(ROOT), ROOT) == []


def test_an_autolinked_address_is_checked_too(tmp_path):
    root = course_with_two_lessons(tmp_path)
    lesson = root / LESSON
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nSee <http://www.nice.org.uk> or <https://www.nice.org.uk>.\n"
    )
    (problem,) = link_problems(load_course(root), root)
    assert problem.message == "link 'http://www.nice.org.uk' is not secure: use its https:// address"
