"""Question banks -> an IMS content package of QTI 2.1 items (a zip), for any LMS that imports QTI 2.1.

The package (IMS Content Packaging 1.1, `imsmanifest.xml` at the root, namespace
`http://www.imsglobal.org/xsd/imscp_v1p1`) holds:

* `items/<item id>.xml`: one `assessmentItem` per question (namespace
  `http://www.imsglobal.org/xsd/imsqti_v2p1`), identifier and title the item
  id, each a resource of type `imsqti_item_xmlv2p1`;
* `tests/<module id>.xml`: one `assessmentTest` per bank, titled with the
  module title, referring to its items (type `imsqti_test_xmlv2p1`, with a
  dependency on each item), so a platform can import a bank as a unit.

Each item's resource in the manifest carries IEEE LOM metadata
(`http://ltsc.ieee.org/xsd/LOM`, as QTI 2.1 packages do): the item id under the
catalogue `msk-cpd`, the readable name, the keywords `outcome LO2` and
`source ng193` (as the GIFT export's tags), the outcome's text as an
"educational objective" classification and the source's citation as a
"references" relation.

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
| short_answer | textEntryInteraction | 1 if `patternMatch` matches an accepted answer, punctuation and case aside |

Each type's writer is its folder's `qti.py` (grader/items/<type>/), using the helpers here.

Feedback is `modalFeedback` on FEEDBACK, one per option where the course has
one: single shows the chosen option's and the right one's; multiple,
ordering and matching show every option's (premise's), as the site does;
numeric shows correct, incorrect, and an unsafe band's warning; short_answer
the matched answer's feedback, or the feedback for any other answer.

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
from collections.abc import Iterable, Sequence
from html.entities import name2codepoint

from grader.content.item_base import ItemBase, Option
from grader.content.models import Item
from grader.formats.files import zip_bytes
from grader.items import part

from . import Bank, Export, block_html, exported, inline_html, item_count, not_exported_warning, question_name

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
LOM = "http://ltsc.ieee.org/xsd/LOM"  # IEEE LOM, the metadata QTI 2.1 packages carry (imsmd_loose_v1p3p2)
LOM_XSD = "http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd"
CATALOGUE = "msk-cpd"  # the catalogue the course's question ids belong to
ET.register_namespace("imsmd", LOM)
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


def stem(body: ET.Element, item: ItemBase, interaction: ET.Element | None) -> None:
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


def item_root(item: ItemBase) -> ET.Element:
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


def response(root: ET.Element, cardinality: str, base_type: str, correct: list[str]) -> ET.Element:
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


def outcomes(root: ET.Element, extra: Sequence[tuple[str, str]] = ()) -> None:
    """SCORE (0..1), MAXSCORE, FEEDBACK (the modalFeedback identifiers to show), and any working variables."""
    _outcome(root, "SCORE", "float", "0", normalMaximum="1")
    _outcome(root, "MAXSCORE", "float", "1")
    sub(root, "outcomeDeclaration", {"identifier": "FEEDBACK", "cardinality": "multiple", "baseType": "identifier"})
    for name, base_type in extra:
        _outcome(root, name, base_type, "0")


def modal(root: ET.Element, ident: str, heading_md: str | None, feedback_md: str, title: str | None = None) -> None:
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


def choices(interaction: ET.Element, options: Sequence[Option], tag: str = "simpleChoice") -> None:
    for option in options:
        append_inline(sub(interaction, tag, {"identifier": identifier(option.id)}), option.text)


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


def item_xml(item: Item, title: str | None = None) -> bytes:
    """One question as a QTI 2.1 assessmentItem document (its type's `qti.py`), titled for an LMS's list."""
    writer = part(item.type, "qti")
    if hasattr(writer, "NOT_EXPORTED"):
        raise NotExported(f"{item.id} ({item.type}) cannot be exported to QTI: {writer.NOT_EXPORTED}")
    root = writer.qti(item)
    if title:
        root.set("title", title)
    return _xml(root, QTI)


class NotExported(ValueError):
    """A question of a type that has no QTI writer (its folder says why)."""


def item_path(item: ItemBase) -> str:
    return f"items/{item.id}.xml"


def bank_key(bank: Bank) -> str:
    """The bank's name in paths and identifiers: the module id, or case-<id> (ids may coincide)."""
    return bank.id if bank.kind == "module" else f"case-{bank.id}"


def test_path(bank: Bank) -> str:
    return f"tests/{bank_key(bank)}.xml"


def test_xml(bank: Bank) -> bytes:
    """A bank as an assessmentTest: one section, every item, SCORE the sum of the items' SCOREs."""
    key = bank_key(bank)
    root = ET.Element(
        q("assessmentTest"),
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            "identifier": identifier(f"test-{key}"),
            "title": bank.label,
        },
    )
    declaration = sub(root, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    sub(sub(declaration, "defaultValue"), "value", text="0")
    test_part = sub(
        root, "testPart", {"identifier": "part-1", "navigationMode": "nonlinear", "submissionMode": "individual"}
    )
    section = sub(
        test_part,
        "assessmentSection",
        {"identifier": identifier(f"bank-{key}"), "title": bank.label, "visible": "true"},
    )
    for item in exported(bank, "qti"):
        sub(section, "assessmentItemRef", {"identifier": identifier(item.id), "href": f"../{item_path(item)}"})
    processing = sub(root, "outcomeProcessing")
    processing.append(set_outcome("SCORE", op("sum", op("testVariables", variableIdentifier="SCORE"))))
    return _xml(root, QTI)


def resource_id(kind: str, slug: str) -> str:
    return identifier(f"{kind}-{slug}")


def item_metadata(bank: Bank, number: int, item: ItemBase, tag: str) -> ET.Element:
    """A question's IEEE LOM record: its id, readable name, and its learning outcome (an educational
    objective, and the keyword `outcome LO2`) and source (a `references` relation, and `source ng193`),
    as the GIFT export tags them."""

    def m(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
        element = ET.SubElement(parent, f"{{{LOM}}}{name}")
        element.text = text
        return element

    def words(parent: ET.Element, name: str, text: str) -> None:
        ET.SubElement(m(parent, name), f"{{{LOM}}}string", {"language": LANG}).text = text

    def vocabulary(parent: ET.Element, name: str, value: str) -> None:
        term = m(parent, name)
        m(term, "source", "LOMv1.0")
        m(term, "value", value)

    metadata = ET.Element(tag)
    lom = m(metadata, "lom")
    general = m(lom, "general")
    ident = m(general, "identifier")
    m(ident, "catalog", CATALOGUE)
    m(ident, "entry", item.id)
    words(general, "title", question_name(bank, number, item))
    words(general, "keyword", f"outcome {item.outcome}")
    words(general, "keyword", f"source {item.source}")
    if item.source in bank.references:
        relation = m(lom, "relation")
        vocabulary(relation, "kind", "references")
        words(m(relation, "resource"), "description", bank.references[item.source])
    if item.outcome in bank.outcomes:
        classification = m(lom, "classification")
        vocabulary(classification, "purpose", "educational objective")
        words(classification, "description", f"{item.outcome}: {bank.outcomes[item.outcome]}")
    return metadata


def manifest_xml(banks: Sequence[Bank]) -> bytes:
    def c(tag: str) -> str:
        return f"{{{CP}}}{tag}"

    root = ET.Element(
        c("manifest"),
        {
            "identifier": "msk-cpd-question-banks",
            f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD} {QTI} {QTI_XSD} {LOM} {LOM_XSD}",
        },
    )
    metadata = ET.SubElement(root, c("metadata"))
    ET.SubElement(metadata, c("schema")).text = "QTIv2.1 Package"
    ET.SubElement(metadata, c("schemaversion")).text = "1.0.0"
    ET.SubElement(root, c("organizations"))
    resources = ET.SubElement(root, c("resources"))
    for bank in banks:
        for n, item in enumerate(exported(bank, "qti"), start=1):
            resource = ET.SubElement(
                resources,
                c("resource"),
                {"identifier": resource_id("item", item.id), "type": ITEM_TYPE, "href": item_path(item)},
            )
            resource.append(item_metadata(bank, n, item, c("metadata")))
            ET.SubElement(resource, c("file"), {"href": item_path(item)})
    for bank in banks:
        path = test_path(bank)
        resource = ET.SubElement(
            resources,
            c("resource"),
            {"identifier": resource_id("test", bank_key(bank)), "type": TEST_TYPE, "href": path},
        )
        ET.SubElement(resource, c("file"), {"href": path})
        for item in exported(bank, "qti"):
            ET.SubElement(resource, c("dependency"), {"identifierref": resource_id("item", item.id)})
    return _xml(root, CP)


def package(banks: Sequence[Bank]) -> bytes:
    """The content package as zip bytes; the same course gives the same bytes."""
    files = [("imsmanifest.xml", manifest_xml(banks))]
    for bank in banks:
        files += [
            (item_path(item), item_xml(item, question_name(bank, n, item)))
            for n, item in enumerate(exported(bank, "qti"), start=1)
        ]
    files += [(test_path(bank), test_xml(bank)) for bank in banks]
    return zip_bytes(files)


def export(banks: Sequence[Bank]) -> Export:
    return Export(package(banks), item_count(banks, "qti"), not_exported_warning(banks, "qti"))
