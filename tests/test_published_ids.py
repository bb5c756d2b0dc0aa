"""Published ids never silently change: `grader publish-ids` keeps the register, and
`grader check` fails when a published id disappears, until it is retired on purpose."""

from __future__ import annotations

import datetime as dt
import shutil

import yaml

from grader.cli import main
from grader.content.loader import check_course
from helpers.site import FIXTURE_COURSE

REGISTER = "published-ids.yml"


def course(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return root


def test_publish_ids_lists_every_id_once_and_adds_only_new_ones(tmp_path, capsys):
    root = course(tmp_path)
    assert main(["publish-ids", "--root", str(root)]) == 0
    register = yaml.safe_load((root / REGISTER).read_text(encoding="utf-8"))
    assert register["modules"] == ["example"] and register["cases"] == ["example-case"]
    assert register["items"][:6] == [
        "ex-single",
        "ex-multiple",
        "ex-numeric",
        "ex-ordering",
        "ex-matching",
        "ex-short-answer",
    ]
    assert "case-single" in register["items"] and register["retired"] == []
    assert f"{len(register['items']) + 2} new id(s) published" in capsys.readouterr().out
    first = (root / REGISTER).read_text(encoding="utf-8")
    assert main(["publish-ids", "--root", str(root)]) == 0
    assert "0 new id(s) published" in capsys.readouterr().out
    assert (root / REGISTER).read_text(encoding="utf-8") == first  # nothing changed, nothing reordered
    assert check_course(root) == []


def test_a_renamed_question_fails_the_check_until_it_is_retired(tmp_path, capsys):
    root = course(tmp_path)
    assert main(["publish-ids", "--root", str(root)]) == 0
    quiz = root / "quizzes" / "example.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("- id: ex-matching", "- id: ex-matching-2"))
    (problem,) = check_course(root)
    assert problem.path == REGISTER and "item 'ex-matching' was published and is gone" in problem.message
    assert "retire it under `retired:` with `id: ex-matching`, `kind: item`" in problem.message
    assert main(["check", "--root", str(root)]) == 1

    # retired on purpose: the check passes, and publishing keeps the retirement and adds the new id
    register = root / REGISTER
    register.write_text(
        register.read_text(encoding="utf-8").replace(
            "retired: []",
            "retired:\n  - id: ex-matching\n    kind: item\n"
            "    reason: Split into two questions.\n    date: 2026-12-03",
        )
    )
    assert check_course(root) == []
    assert main(["publish-ids", "--root", str(root)]) == 0
    kept = yaml.safe_load(register.read_text(encoding="utf-8"))
    assert "ex-matching-2" in kept["items"] and "ex-matching" in kept["items"]
    assert kept["retired"] == [
        {"id": "ex-matching", "kind": "item", "reason": "Split into two questions.", "date": dt.date(2026, 12, 3)}
    ]

    # the retired id may never come back
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("- id: ex-single", "- id: ex-matching"))
    problems = check_course(root)
    assert any("item 'ex-matching' was retired but is in use again" in p.message for p in problems)


def test_publish_ids_refuses_content_with_problems(tmp_path, capsys):
    root = course(tmp_path)
    quiz = root / "quizzes" / "example.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("    answer: a\n", "    answer: z\n", 1))
    assert main(["publish-ids", "--root", str(root)]) == 2
    assert not (root / REGISTER).exists()
    assert "fix them (see `grader check`) before publishing ids" in capsys.readouterr().err


def test_the_real_course_has_published_every_id():
    from pathlib import Path

    from grader.content import published
    from grader.content.loader import load_course

    root = Path(__file__).resolve().parent.parent
    loaded = load_course(root)
    register = published.PublishedIds.model_validate(yaml.safe_load((root / REGISTER).read_text(encoding="utf-8")))
    current = published.current_ids(loaded.modules, loaded.cases)
    unpublished = {name: sorted(set(ids) - set(getattr(register, name))) for name, ids in current.items()}
    assert unpublished == {"modules": [], "cases": [], "items": []}, "run `grader publish-ids` and commit the register"
