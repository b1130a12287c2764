"""Named, parameterised questions (``omsgraph ask``): SPARQL files in ``ontology/queries/``.

Each ``<name>.rq`` starts with ``# description: …`` and ``# args: a b`` (SPARQL variable names).
Arguments are bound as literal values through pyoxigraph's ``substitutions=`` — never pasted
into the query text — so an argument such as ``x" } ; DROP ALL`` is just a string to match.
Arguments match ``rdfs:label``, ``skos:altLabel`` and ``skos:notation`` case-insensitively.

>>> questions = load_questions()
>>> sorted(questions)[:3]
['activators', 'contradictions', 'effects']
>>> questions["inhibitors"].args
('x',)
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

from omsgraph.errors import QueryError
from omsgraph.predicates import load_predicates
from omsgraph.query.sparql import execute, render_table, short_name

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
QUERIES = ONTOLOGY / "queries"
OMSG = "https://w3id.org/omsgraph/vocab#"
ASK_FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class Question:
    """One named question: its SPARQL text (read once), description and argument names."""

    name: str
    description: str
    args: tuple[str, ...]
    sparql: str


@lru_cache(maxsize=1)
def predicate_signs() -> dict[str, int]:
    """``{predicate: sign}`` from ``ontology/predicates.tsv`` (−1 lowers, 0 unsigned, +1 raises).

    >>> predicate_signs()["inhibits"], predicate_signs()["causes"]
    (-1, 1)
    """
    return {name: predicate.sign for name, predicate in load_predicates().items()}


def _signs_values() -> str:
    return " ".join(f"(<{OMSG}{p}> {s})" for p, s in sorted(predicate_signs().items()))


def _parse(path: Path) -> Question:
    description, args = "", None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# description:"):
            description = line.split(":", 1)[1].strip()
        elif line.startswith("# args:"):
            args = tuple(line.split(":", 1)[1].split())
    if not description or args is None:
        raise QueryError("named query lacks '# description:' or '# args:' line", path=str(path))
    sparql = path.read_text(encoding="utf-8").replace("$PREDICATE_SIGNS", _signs_values())
    return Question(path.stem, description, args, sparql)


@lru_cache(maxsize=1)
def _questions() -> tuple[Question, ...]:
    return tuple(_parse(p) for p in sorted(QUERIES.glob("*.rq")))


def load_questions() -> dict[str, Question]:
    """All named questions by name (files are parsed once; each call returns a fresh dict)."""
    return {q.name: q for q in _questions()}


def ask(store, name: str, *arguments: str):
    """Run question ``name`` on ``store`` (GraphStore, EndpointGraph or pyoxigraph Store) with ``arguments`` bound.

    Returns ``(variables, rows)`` where rows hold pyoxigraph terms (or None).
    """
    questions = load_questions()
    if name not in questions:
        raise QueryError(f"unknown question {name!r} (choose from {', '.join(sorted(questions))})")
    question = questions[name]
    if len(arguments) != len(question.args):
        wanted = " ".join(a.upper() for a in question.args) or "no arguments"
        raise QueryError(f"question {name!r} takes {wanted}, got {len(arguments)} argument(s)")
    bound = dict(zip(question.args, arguments))
    result = execute(store, bind_values(resolve_entities(store, question.sparql, bound), bound))
    variables = [v.value for v in result.variables]
    rows = [[solution[v] for v in variables] for solution in result]
    return variables, rows


# The argument lookup every question starts with: an entity whose label, synonym or notation
# matches the argument whatever the case.
_LOOKUP = re.compile(r"\?(?P<entity>\w+) rdfs:label\|skos:altLabel\|skos:notation \?(?P<name>\w+) \.\s*"
                     r"FILTER\(LCASE\(STR\(\?(?P=name)\)\) = LCASE\(STR\(\?(?P<arg>\w+)\)\)\)")
_FIND_ENTITIES = ("SELECT DISTINCT ?e WHERE { ?e rdfs:label|skos:altLabel|skos:notation ?l . "
                  "FILTER(LCASE(STR(?l)) = LCASE(STR(?a))) } ORDER BY ?e")


def resolve_entities(store, sparql: str, arguments: dict[str, str]) -> str:
    r"""``sparql`` with each argument lookup replaced by ``VALUES ?entity { <iri> … }``.

    The lookup is run on its own first (one scan of the labels). Left inside the question,
    Oxigraph's planner starts the joins elsewhere and scans the whole graph: on a 1.2M-triple
    graph that took seconds instead of milliseconds. The answers are the same.

    >>> from pyoxigraph import Store, Quad, NamedNode, Literal
    >>> store = Store()
    >>> store.add(Quad(NamedNode("http://x/e"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("PI3K")))
    >>> q = "SELECT ?xe WHERE {\n  ?xe rdfs:label|skos:altLabel|skos:notation ?xl .\n  FILTER(LCASE(STR(?xl)) = LCASE(STR(?x)))\n}"
    >>> print(resolve_entities(store, q, {"x": "pi3k"}))
    SELECT ?xe WHERE {
      VALUES ?xe { <http://x/e> }
    }
    """
    def replace(match: re.Match) -> str:
        argument = match["arg"]
        if argument not in arguments:
            return match.group(0)
        found = execute(store, bind_values(_FIND_ENTITIES, {"a": arguments[argument]}))
        iris = " ".join(str(row["e"]) for row in found if isinstance(row["e"], NamedNode))
        return f"VALUES ?{match['entity']} {{ {iris} }}"

    return _LOOKUP.sub(replace, sparql)


def bind_values(sparql: str, arguments: dict[str, str]) -> str:
    """``sparql`` with a VALUES row of RDF literal terms opening its first WHERE block.

    The row is built from pyoxigraph ``Literal`` terms (serialised with N-Triples escaping), not
    from the raw text, so quotes and braces in an argument stay inside one string literal.
    (pyoxigraph's ``substitutions=`` would need the variable in the SELECT list, which grouped
    answers do not have.)

    >>> "DROP" in bind_values("SELECT ?s WHERE { ?s ?p ?x }", {"x": 'a" } DROP'}).split('"a')[1]
    True
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?x }", {"x": "PI3K"}).splitlines()[0]
    'SELECT ?s WHERE { VALUES (?x) { ("PI3K") }'
    """
    if not arguments:
        return sparql
    head = " ".join(str(Variable(name)) for name in arguments)
    row = " ".join(str(Literal(value)) for value in arguments.values())
    at = sparql.index("WHERE {") + len("WHERE {")
    return f"{sparql[:at]} VALUES ({head}) {{ ({row}) }}\n{sparql[at:]}"


def _text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return short_name(term)
    return term.value


def format_answer(variables: list[str], rows: list[list], *, format: str = "table") -> str:
    """Render an :func:`ask` answer as an aligned table, CSV, TSV or JSON (list of objects).

    >>> print(format_answer(["subject", "evidence"], [[Literal("LY294002"), Literal("2")]]))
    subject  | evidence
    ---------+---------
    LY294002 | 2
    """
    if format not in ASK_FORMATS:
        raise QueryError(f"unknown output format {format!r} (choose from {', '.join(ASK_FORMATS)})")
    texts = [[_text(cell) for cell in row] for row in rows]
    for i, name in enumerate(variables):
        if name.endswith("pmids"):  # GROUP_CONCAT order is unspecified; sort for stable output
            for row in texts:
                row[i] = " ".join(sorted(row[i].split()))
    if format == "table":
        return render_table(variables, texts) if texts else "(no answers)"
    if format == "json":
        return json.dumps([dict(zip(variables, row)) for row in texts], indent=2, ensure_ascii=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if format == "csv" else "\t", lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(texts)
    return buffer.getvalue()
