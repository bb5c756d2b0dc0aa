"""Question banks -> an IMS content package of QTI 2.1 items (a zip), for any LMS that imports QTI 2.1.

The package (IMS Content Packaging 1.1, `imsmanifest.xml` at the root, namespace
`http://www.imsglobal.org/xsd/imscp_v1p1`) holds:

* `items/<item id>.xml`: one `assessmentItem` per question (namespace
  `http://www.imsglobal.org/xsd/imsqti_v2p1`), identifier and title the item
  id, each a resource of type `imsqti_item_xmlv2p1`;
* `tests/<module id>.xml`: one `assessmentTest` per bank, titled with the
  module title, referring to its items (type `imsqti_test_xmlv2p1`, with a
  dependency on each item), so a platform can import a bank as a unit.

Every item declares RESPONSE with its `correctResponse` (the answer key),
SCORE (0..1) and FEEDBACK, and does its own response processing, written to
give the same score as the course's rules (`grader.scoring`):

| type     | interaction         | score                                                                       |
|----------|---------------------|-----------------------------------------------------------------------------|
| single   | choiceInteraction   | 1 if RESPONSE matches the correct response, else 0                          |
| multiple | choiceInteraction   | mapResponse (right +1, wrong -1, lowerBound 0) divided by the number right  |
| numeric  | textEntryInteraction (float) | 1 if within the tolerance (`equal`, absolute) and inside min..max     |
| ordering | orderInteraction    | pairs in the right relative order / all pairs (position of each option via `index`) |
| matching | matchInteraction    | mapResponse (each right premise -> choice pair 1) divided by the number of premises |

Feedback is `modalFeedback` on FEEDBACK, one per option where the course has
one: single shows the chosen option's and the right one's; multiple,
ordering and matching show every option's (premise's), as the site does;
numeric shows correct, incorrect, and an unsafe band's warning.

Text: Markdown rendered as the site renders it, then written as QTI's XHTML
subset in the QTI namespace; attributes QTI does not allow (such as the
`style` on aligned table cells) are dropped, and elements it does not have
become `span`. A stem that is one paragraph is the interaction's `prompt`;
a longer one goes above the interaction. Identifiers are the course ids; an
id that is not an XML name (one starting with a digit) gets a leading `_`.

What is lost in QTI 2.1 (for the docs):

* numeric units: the unit is shown after the answer box, but the unit choices
  the site offers are not, and a unit typed in the box makes the answer not a
  number (the course ignores a missing unit and marks a wrong one);
* how a delivery engine shows `modalFeedback`, and whether it honours custom
  response processing at all, is up to the platform (some only support the
  standard templates; those will not score multiple, ordering or matching
  partially);
* `[[avoid: ...]]` phrases are written out in words, without the site's styling;
* `fixed_order` is kept (`shuffle="false"`), but a platform may ignore it;
* a score such as 1/3 is a float in the platform, as in the course.

No PyPI package installable here ships the QTI 2.1 XSD (checked: pyslet,
citolab-qti-convert, qti-package-maker, imstool), so the tests check the
elements the spec requires rather than validate against the schema.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from html.entities import name2codepoint
from typing import Any

from grader.content.models import (
    Item,
    MatchingItem,
    ModuleContent,
    MultipleItem,
    NumericItem,
    OrderingItem,
    SingleItem,
)
from grader.formats.files import zip_bytes

from . import Export, block_html, inline_html, item_count, number

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
LANG = "en-GB"

# QTI 2.1's XHTML subset (the content model of itemBody, prompt, simpleChoice, modalFeedback)
XHTML = {
    "abbr",
    "acronym",
    "address",
    "blockquote",
    "br",
    "cite",
    "code",
    "dfn",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "kbd",
    "p",
    "pre",
    "q",
    "samp",
    "span",
    "strong",
    "var",
    "dl",
    "dt",
    "dd",
    "ol",
    "ul",
    "li",
    "b",
    "big",
    "hr",
    "i",
    "small",
    "sub",
    "sup",
    "tt",
    "caption",
    "col",
    "colgroup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "img",
    "a",
}
COMMON_ATTRIBUTES = {"class", "label"}
ATTRIBUTES = {
    "a": {"href", "type"},
    "img": {"src", "alt", "longdesc", "height", "width"},
    "td": {"headers", "scope", "abbr", "axis", "rowspan", "colspan"},
    "th": {"headers", "scope", "abbr", "axis", "rowspan", "colspan"},
    "table": {"summary"},
    "col": {"span"},
    "colgroup": {"span"},
    "q": {"cite"},
    "blockquote": {"cite"},
}


def q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def identifier(slug: str) -> str:
    """A course id as a QTI identifier (an XML name: it may not start with a digit)."""
    return slug if re.match(r"[A-Za-z_]", slug) else f"_{slug}"


def sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, q(tag), attrib or {})
    if text is not None:
        element.text = text
    return element


# --- XHTML: rendered Markdown -> QTI elements ---------------------------------------


def _parse_fragment(fragment: str) -> ET.Element:
    parser = ET.XMLParser()
    parser.entity.update({name: chr(code) for name, code in name2codepoint.items()})
    try:
        return ET.fromstring(f"<div>{fragment}</div>", parser=parser)
    except ET.ParseError:
        # raw HTML that is not well-formed: keep its words
        div = ET.Element("div")
        div.text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
        return div


def _convert(source: ET.Element) -> ET.Element:
    tag = source.tag if source.tag in XHTML else "span"
    allowed = COMMON_ATTRIBUTES | ATTRIBUTES.get(tag, set())
    element = ET.Element(q(tag), {k: v for k, v in source.attrib.items() if k in allowed})
    element.text = source.text
    for child in source:
        converted = _convert(child)
        converted.tail = child.tail
        element.append(converted)
    return element


def append_html(parent: ET.Element, fragment: str) -> ET.Element:
    """Append an HTML fragment's text and elements to parent, in the QTI namespace."""
    source = _parse_fragment(fragment)
    if source.text:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + source.text
        else:
            parent.text = (parent.text or "") + source.text
    for child in source:
        converted = _convert(child)
        converted.tail = child.tail
        parent.append(converted)
    return parent


def append_blocks(parent: ET.Element, text: str) -> ET.Element:
    return append_html(parent, block_html(text))


def append_inline(parent: ET.Element, text: str) -> ET.Element:
    return append_html(parent, inline_html(text))


def _is_one_paragraph(text: str) -> bool:
    out = block_html(text)
    return out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1


def _stem(body: ET.Element, item, interaction: ET.Element | None) -> None:
    """Context above; the stem as the interaction's prompt if it is one paragraph, else above it."""
    if item.context:
        append_blocks(sub(body, "div", {"class": "context"}), item.context)
    if interaction is not None and _is_one_paragraph(item.stem):
        append_inline(sub(interaction, "prompt"), item.stem)
    else:
        append_blocks(sub(body, "div", {"class": "stem"}), item.stem)


# --- expressions and rules ------------------------------------------------------------


def variable(name: str) -> ET.Element:
    return ET.Element(q("variable"), {"identifier": name})


def base(base_type: str, value) -> ET.Element:
    element = ET.Element(q("baseValue"), {"baseType": base_type})
    element.text = str(value)
    return element


def op(tag: str, *children: ET.Element, **attrib: str) -> ET.Element:
    element = ET.Element(q(tag), attrib)
    element.extend(children)
    return element


def set_outcome(name: str, expression: ET.Element) -> ET.Element:
    return op("setOutcomeValue", expression, identifier=name)


def condition(*branches: tuple[ET.Element | None, list[ET.Element]]) -> ET.Element:
    """responseCondition from (expression, rules) branches; a last branch with no expression is the else."""
    out = ET.Element(q("responseCondition"))
    for i, (expression, rules) in enumerate(branches):
        tag = "responseElse" if expression is None else ("responseIf" if i == 0 else "responseElseIf")
        branch = sub(out, tag)
        if expression is not None:
            branch.append(expression)
        branch.extend(rules)
    return out


def answered() -> ET.Element:
    return op("not", op("isNull", variable("RESPONSE")))


def feedback_ids(ids: Iterable[str]) -> ET.Element:
    return set_outcome("FEEDBACK", op("multiple", *(base("identifier", i) for i in ids)))


def score(expression: ET.Element) -> ET.Element:
    return set_outcome("SCORE", expression)


# --- items ------------------------------------------------------------------------------


def _item_root(item) -> ET.Element:
    root = ET.Element(
        q("assessmentItem"),
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            "identifier": identifier(item.id),
            "title": item.id,
            "adaptive": "false",
            "timeDependent": "false",
            f"{{{XML}}}lang": LANG,
        },
    )
    return root


def _response(root: ET.Element, cardinality: str, base_type: str, correct: list[str]) -> ET.Element:
    declaration = sub(
        root, "responseDeclaration", {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": base_type}
    )
    correct_response = sub(declaration, "correctResponse")
    for value in correct:
        sub(correct_response, "value", text=value)
    return declaration


def _outcome(root: ET.Element, name: str, base_type: str, default: str | None = None, **attrib: str) -> None:
    declaration = sub(
        root, "outcomeDeclaration", {"identifier": name, "cardinality": "single", "baseType": base_type, **attrib}
    )
    if default is not None:
        sub(sub(declaration, "defaultValue"), "value", text=default)


def _outcomes(root: ET.Element, extra: Sequence[tuple[str, str]] = ()) -> None:
    """SCORE (0..1), MAXSCORE, FEEDBACK (the modalFeedback identifiers to show), and any working variables."""
    _outcome(root, "SCORE", "float", "0", normalMaximum="1")
    _outcome(root, "MAXSCORE", "float", "1")
    sub(root, "outcomeDeclaration", {"identifier": "FEEDBACK", "cardinality": "multiple", "baseType": "identifier"})
    for name, base_type in extra:
        _outcome(root, name, base_type, "0")


def _modal(root: ET.Element, ident: str, heading_md: str | None, feedback_md: str, title: str | None = None) -> None:
    attrib = {"outcomeIdentifier": "FEEDBACK", "showHide": "show", "identifier": ident}
    if title:
        attrib["title"] = title
    feedback = sub(root, "modalFeedback", attrib)
    if heading_md is not None:
        if _is_one_paragraph(heading_md):
            append_inline(sub(sub(feedback, "p"), "strong"), heading_md)
        else:
            append_blocks(feedback, heading_md)
    append_blocks(feedback, feedback_md)


def _choices(interaction: ET.Element, options, tag: str = "simpleChoice") -> None:
    for option in options:
        append_inline(sub(interaction, tag, {"identifier": identifier(option.id)}), option.text)


def single_item(item: SingleItem) -> ET.Element:
    root = _item_root(item)
    _response(root, "single", "identifier", [identifier(item.answer)])
    _outcomes(root)
    body = sub(root, "itemBody")
    interaction = ET.Element(
        q("choiceInteraction"),
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": str(not item.fixed_order).lower(),
            "maxChoices": "1",
            "minChoices": "0",
        },
    )
    _stem(body, item, interaction)
    body.append(interaction)
    _choices(interaction, item.options)
    processing = sub(root, "responseProcessing")
    processing.append(
        condition(
            (op("match", variable("RESPONSE"), op("correct", identifier="RESPONSE")), [score(base("float", 1))]),
            (None, [score(base("float", 0))]),
        )
    )
    # the chosen option's feedback, and the right one's
    processing.append(
        condition(
            (
                answered(),
                [
                    set_outcome(
                        "FEEDBACK", op("multiple", variable("RESPONSE"), base("identifier", identifier(item.answer)))
                    )
                ],
            )
        )
    )
    for option in item.options:
        _modal(
            root,
            identifier(option.id),
            option.text,
            option.feedback,
            "Best answer" if option.id == item.answer else None,
        )
    return root


def multiple_item(item: MultipleItem) -> ET.Element:
    root = _item_root(item)
    declaration = _response(root, "multiple", "identifier", [identifier(a) for a in item.answer])
    mapping = sub(declaration, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for option in item.options:
        sub(
            mapping,
            "mapEntry",
            {"mapKey": identifier(option.id), "mappedValue": "1" if option.id in item.answer else "-1"},
        )
    _outcomes(root)
    body = sub(root, "itemBody")
    interaction = ET.Element(
        q("choiceInteraction"),
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": str(not item.fixed_order).lower(),
            "maxChoices": "0",
            "minChoices": "0",
        },
    )
    _stem(body, item, interaction)
    body.append(interaction)
    _choices(interaction, item.options)
    processing = sub(root, "responseProcessing")
    # (right picks - wrong picks) / right options, never below 0: the mapping's lowerBound floors it
    processing.append(
        condition(
            (
                answered(),
                [
                    score(op("divide", op("mapResponse", identifier="RESPONSE"), base("float", len(item.answer)))),
                    feedback_ids(identifier(o.id) for o in item.options),
                ],
            ),
            (None, [score(base("float", 0))]),
        )
    )
    for option in item.options:
        _modal(
            root,
            identifier(option.id),
            option.text,
            option.feedback,
            "Right" if option.id in item.answer else "Not right",
        )
    return root


def _between(low: float | None, high: float | None) -> ET.Element | None:
    tests = []
    if low is not None:
        tests.append(op("gte", variable("RESPONSE"), base("float", number(low))))
    if high is not None:
        tests.append(op("lte", variable("RESPONSE"), base("float", number(high))))
    if not tests:
        return None
    return tests[0] if len(tests) == 1 else op("and", *tests)


def numeric_item(item: NumericItem) -> ET.Element:
    root = _item_root(item)
    _response(root, "single", "float", [number(item.answer)])
    _outcomes(root)
    body = sub(root, "itemBody")
    _stem(body, item, None)
    label = "Your answer"
    if item.min is not None and item.max is not None:
        label += f" (between {number(item.min)} and {number(item.max)})"
    answer = sub(body, "p", {"class": "answer"}, label + ": ")
    box = sub(answer, "textEntryInteraction", {"responseIdentifier": "RESPONSE", "expectedLength": "8"})
    if item.unit:
        box.tail = f" {item.unit}"
    tolerance = (
        op("equal", variable("RESPONSE"), op("correct", identifier="RESPONSE"), toleranceMode="exact")
        if item.tolerance == 0
        else op(
            "equal",
            variable("RESPONSE"),
            op("correct", identifier="RESPONSE"),
            toleranceMode="absolute",
            tolerance=f"{number(item.tolerance)} {number(item.tolerance)}",
        )
    )
    in_range = _between(item.min, item.max)
    branches: list = [(op("isNull", variable("RESPONSE")), [score(base("float", 0))])]
    if in_range is not None:
        branches.append((op("not", in_range), [score(base("float", 0)), feedback_ids(["INCORRECT"])]))
    branches.append((tolerance, [score(base("float", 1)), feedback_ids(["CORRECT"])]))
    for index, band in enumerate(item.unsafe, start=1):
        test = _between(band.min, band.max)
        if test is not None:
            branches.append((test, [score(base("float", 0)), feedback_ids([f"UNSAFE-{index}", "INCORRECT"])]))
    branches.append((None, [score(base("float", 0)), feedback_ids(["INCORRECT"])]))
    sub(root, "responseProcessing").append(condition(*branches))
    _modal(root, "CORRECT", None, item.feedback.correct, "Correct")
    for index, band in enumerate(item.unsafe, start=1):
        _modal(root, f"UNSAFE-{index}", "Why this answer could harm a patient:", band.feedback, "Unsafe answer")
    _modal(root, "INCORRECT", None, item.feedback.incorrect, "Not correct")
    return root


def ordering_item(item: OrderingItem) -> ET.Element:
    root = _item_root(item)
    ids = {o.id: identifier(o.id) for o in item.options}
    _response(root, "ordered", "identifier", [ids[a] for a in item.answer])
    positions = {o.id: f"POS-{ids[o.id]}" for o in item.options}
    _outcomes(root, [(positions[o.id], "integer") for o in item.options] + [("PAIRS", "integer")])
    body = sub(root, "itemBody")
    interaction = ET.Element(q("orderInteraction"), {"responseIdentifier": "RESPONSE", "shuffle": "true"})
    _stem(body, item, interaction)
    body.append(interaction)
    _choices(interaction, item.options)
    processing = sub(root, "responseProcessing")
    n = len(item.options)
    rules: list[ET.Element] = []
    # the place of each option in the response...
    for option in item.options:
        rules.append(
            condition(
                *(
                    (
                        op(
                            "match", op("index", variable("RESPONSE"), n=str(place)), base("identifier", ids[option.id])
                        ),
                        [set_outcome(positions[option.id], base("integer", place))],
                    )
                    for place in range(1, n + 1)
                )
            )
        )
    # ...then each pair the answer puts in order, counted if the response does too
    pairs = [(a, b) for i, a in enumerate(item.answer) for b in item.answer[i + 1 :]]
    for a, b in pairs:
        rules.append(
            condition(
                (
                    op("lt", variable(positions[a]), variable(positions[b])),
                    [set_outcome("PAIRS", op("sum", variable("PAIRS"), base("integer", 1)))],
                )
            )
        )
    rules.append(score(op("divide", variable("PAIRS"), base("float", len(pairs)))))
    rules.append(feedback_ids(["GENERAL", *(ids[a] for a in item.answer)]))
    complete = op("match", op("containerSize", variable("RESPONSE")), base("integer", n))
    processing.append(condition((complete, rules), (None, [score(base("float", 0))])))
    _modal(root, "GENERAL", None, item.feedback, "The right order")
    for place, option_id in enumerate(item.answer, start=1):
        option = next(o for o in item.options if o.id == option_id)
        _modal(root, ids[option_id], f"Place {place}: {option.text}", option.feedback)
    return root


def matching_item(item: MatchingItem) -> ET.Element:
    root = _item_root(item)
    clash = {p.id for p in item.premises} & {c.id for c in item.choices}
    premise_id = {p.id: identifier(f"premise-{p.id}" if clash else p.id) for p in item.premises}
    choice_id = {c.id: identifier(f"choice-{c.id}" if clash else c.id) for c in item.choices}
    pairs = [f"{premise_id[p.id]} {choice_id[p.answer]}" for p in item.premises]
    declaration = _response(root, "multiple", "directedPair", pairs)
    mapping = sub(declaration, "mapping", {"lowerBound": "0", "defaultValue": "0"})
    for pair in pairs:
        sub(mapping, "mapEntry", {"mapKey": pair, "mappedValue": "1"})
    _outcomes(root)
    body = sub(root, "itemBody")
    interaction = ET.Element(
        q("matchInteraction"),
        {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxAssociations": str(len(item.premises))},
    )
    _stem(body, item, interaction)
    body.append(interaction)
    premises = sub(interaction, "simpleMatchSet")
    for p in item.premises:
        append_inline(
            sub(premises, "simpleAssociableChoice", {"identifier": premise_id[p.id], "matchMax": "1"}), p.text
        )
    choices = sub(interaction, "simpleMatchSet")
    for c in item.choices:
        append_inline(sub(choices, "simpleAssociableChoice", {"identifier": choice_id[c.id], "matchMax": "0"}), c.text)
    processing = sub(root, "responseProcessing")
    processing.append(
        condition(
            (
                answered(),
                [
                    score(op("divide", op("mapResponse", identifier="RESPONSE"), base("float", len(item.premises)))),
                    feedback_ids(premise_id.values()),
                ],
            ),
            (None, [score(base("float", 0))]),
        )
    )
    choice_text = {c.id: c.text for c in item.choices}
    for p in item.premises:
        _modal(root, premise_id[p.id], f"{p.text}: {choice_text[p.answer]}", p.feedback)
    return root


BUILDERS: dict[str, Callable[[Any], ET.Element]] = {
    "single": single_item,
    "multiple": multiple_item,
    "numeric": numeric_item,
    "ordering": ordering_item,
    "matching": matching_item,
}


# elements whose content is text: indenting inside them would change what is shown
CONTENT = {q(tag) for tag in (*XHTML, "prompt", "simpleChoice", "simpleAssociableChoice", "modalFeedback")}


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure (declarations, rules, interactions), never inside text content."""
    if element.tag in CONTENT or not len(element) or (element.text and element.text.strip()):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        if not (child.tail and child.tail.strip()):
            child.tail = inner
    element[-1].tail = "\n" + "  " * level


def _xml(root: ET.Element, default_namespace: str) -> bytes:
    """The document with `default_namespace` as its default (xmlns), not a prefix.

    ElementTree's own default_namespace option refuses unprefixed attributes,
    so the namespace is taken off the tags and declared on the root instead.
    """
    _indent(root)
    prefix = f"{{{default_namespace}}}"
    for element in root.iter():
        if element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix) :]
    root.set("xmlns", default_namespace)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def item_xml(item: Item) -> bytes:
    """One question as a QTI 2.1 assessmentItem document."""
    return _xml(BUILDERS[item.type](item), QTI)


def item_path(item) -> str:
    return f"items/{item.id}.xml"


def test_path(content: ModuleContent) -> str:
    return f"tests/{content.module.id}.xml"


def test_xml(content: ModuleContent) -> bytes:
    """A bank as an assessmentTest: one section, every item, SCORE the sum of the items' SCOREs."""
    module = content.module
    root = ET.Element(
        q("assessmentTest"),
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            "identifier": identifier(f"test-{module.id}"),
            "title": module.title,
        },
    )
    declaration = sub(root, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    sub(sub(declaration, "defaultValue"), "value", text="0")
    part = sub(
        root, "testPart", {"identifier": "part-1", "navigationMode": "nonlinear", "submissionMode": "individual"}
    )
    section = sub(
        part,
        "assessmentSection",
        {"identifier": identifier(f"bank-{module.id}"), "title": module.title, "visible": "true"},
    )
    for item in content.bank.items:
        sub(section, "assessmentItemRef", {"identifier": identifier(item.id), "href": f"../{item_path(item)}"})
    processing = sub(root, "outcomeProcessing")
    processing.append(set_outcome("SCORE", op("sum", op("testVariables", variableIdentifier="SCORE"))))
    return _xml(root, QTI)


def resource_id(kind: str, slug: str) -> str:
    return identifier(f"{kind}-{slug}")


def manifest_xml(modules: Sequence[ModuleContent]) -> bytes:
    def c(tag: str) -> str:
        return f"{{{CP}}}{tag}"

    root = ET.Element(
        c("manifest"),
        {"identifier": "msk-cpd-question-banks", f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD} {QTI} {QTI_XSD}"},
    )
    metadata = ET.SubElement(root, c("metadata"))
    ET.SubElement(metadata, c("schema")).text = "QTIv2.1 Package"
    ET.SubElement(metadata, c("schemaversion")).text = "1.0.0"
    ET.SubElement(root, c("organizations"))
    resources = ET.SubElement(root, c("resources"))
    for content in modules:
        for item in content.bank.items:
            resource = ET.SubElement(
                resources,
                c("resource"),
                {"identifier": resource_id("item", item.id), "type": ITEM_TYPE, "href": item_path(item)},
            )
            ET.SubElement(resource, c("file"), {"href": item_path(item)})
    for content in modules:
        path = test_path(content)
        resource = ET.SubElement(
            resources,
            c("resource"),
            {"identifier": resource_id("test", content.module.id), "type": TEST_TYPE, "href": path},
        )
        ET.SubElement(resource, c("file"), {"href": path})
        for item in content.bank.items:
            ET.SubElement(resource, c("dependency"), {"identifierref": resource_id("item", item.id)})
    return _xml(root, CP)


def package(modules: Sequence[ModuleContent]) -> bytes:
    """The content package as zip bytes; the same course gives the same bytes."""
    files = [("imsmanifest.xml", manifest_xml(modules))]
    for content in modules:
        files += [(item_path(item), item_xml(item)) for item in content.bank.items]
    files += [(test_path(content), test_xml(content)) for content in modules]
    return zip_bytes(files)


def export(modules: Sequence[ModuleContent]) -> Export:
    return Export(package(modules), item_count(modules), [])
