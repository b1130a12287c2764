"""Literature from outside the project built into one graph in one command, its metadata queried by SPARQL.

The 500-document BioC XML corpus is made at test time from the BC5CDR PubTator file in
``../shared/corpora`` (nothing of it is copied into the repository); the PubMed and PMC JATS
files are fixtures in the real formats.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from click.testing import CliRunner

from omsgraph.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BC5CDR = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bc5cdr" / "CDR_TrainingSet.PubTator.txt"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def pubtator_records(path: Path):
    record: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record.append(line)
        elif record:
            yield record
            record = []
    if record:
        yield record


def pubtator_to_bioc_xml(source: Path, target: Path, *, limit: int = 500) -> list[tuple[str, str]]:
    """A BioC XML collection (passages with offsets, annotations with locations); returns (PMID, title) pairs."""
    seen = []
    with target.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE collection SYSTEM "BioC.dtd">\n'
                  "<collection><source>BC5CDR</source><date>2015</date><key>BioC.key</key>\n")
        for record in pubtator_records(source):
            if len(seen) >= limit:
                break
            pmid, _, title = record[0].split("|", 2)
            abstract = record[1].split("|", 2)[2]
            cells = [line.split("\t") for line in record[2:]]
            mentions = [c for c in cells if len(c) >= 6 and c[1].isdigit()]
            seen.append((pmid, title))
            out.write(f"<document><id>{pmid}</id>")
            for kind, offset, text in (("title", 0, title), ("abstract", len(title) + 1, abstract)):
                out.write(f'<passage><infon key="type">{kind}</infon><offset>{offset}</offset><text>{escape(text)}</text>')
                for number, cell in enumerate(mentions):
                    start, end = int(cell[1]), int(cell[2])
                    if offset <= start and end <= offset + len(text):
                        out.write(f'<annotation id="{number}"><infon key="type">{escape(cell[4])}</infon>'
                                  f'<infon key="identifier">{escape(cell[5])}</infon>'
                                  f'<location offset={quoteattr(str(start))} length={quoteattr(str(end - start))}/>'
                                  f"<text>{escape(cell[3])}</text></annotation>")
                out.write("</passage>")
            out.write("</document>\n")
        out.write("</collection>\n")
    return seen


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory):
    if not BC5CDR.exists():
        pytest.skip("BC5CDR corpus not in ../shared/corpora")
    folder = tmp_path_factory.mktemp("literature")
    bioc = folder / "bc5cdr-train.bioc.xml"
    titles = pubtator_to_bioc_xml(BC5CDR, bioc)
    graph = folder / "graph"
    result = invoke("build", bioc, FIXTURES / "pubmed_structured.xml", FIXTURES / "pmc_research_article.nxml",
                    FIXTURES / "pmc_case_report.nxml", "-o", graph, "--workers", 1, "--no-progress")
    assert result.exit_code == 0, result.output
    return graph, titles, result.output


def select(graph: Path, sparql: str) -> list[dict[str, str]]:
    result = invoke("query", graph, sparql, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def test_one_command_builds_all_documents(corpus_graph):
    graph, titles, output = corpus_graph
    assert len(titles) == 500
    assert "built 504 document(s)" in output and "skipped" not in output
    stats = json.loads(invoke("stats", graph, "--format", "json").output)
    assert stats["documents"] == 504


def test_titles_journals_dois_pmids_are_queryable(corpus_graph):
    graph, titles, _ = corpus_graph
    rows = select(graph, """
        SELECT ?doc ?title ?journal ?doi ?pmid ?pmcid WHERE {
          ?doc a omsg:Document ; dcterms:title ?title .
          OPTIONAL { ?doc prism:publicationName ?journal } OPTIONAL { ?doc prism:doi ?doi }
          OPTIONAL { ?doc fabio:hasPubMedId ?pmid } OPTIONAL { ?doc fabio:hasPubMedCentralId ?pmcid } }""")
    assert len(rows) == 504                      # one title per document, cited works do not add titles
    by_pmid = {row.get("pmid"): row for row in rows}
    for pmid, title in titles[:50] + titles[-5:]:
        assert by_pmid[pmid]["title"] == title
        assert by_pmid[pmid]["doc"] == f"https://identifiers.org/pubmed:{pmid}"
    pubmed = by_pmid["39100001"]
    assert pubmed["title"].startswith("A β2-agonist lowers IgG1 binding")
    assert (pubmed["journal"], pubmed["doi"], pubmed["pmcid"]) == (
        "Journal of Paediatric Neuroimmunology", "10.5555/jpn.2023.0201", "PMC9900001")
    jats = by_pmid["39100010"]
    assert (jats["journal"], jats["doi"], jats["pmcid"]) == ("Experimental Neuroimmunology", "10.5555/en.2024.0010",
                                                             "PMC9900010")
    case = next(row for row in rows if row.get("doi") == "10.5555/crne.2022.0020")
    assert case["doc"] == "https://doi.org/10.5555/crne.2022.0020" and "pmid" not in case


def test_bibliographic_metadata_in_rdf(corpus_graph):
    graph, _, _ = corpus_graph
    doc = "<https://identifiers.org/pubmed:39100001>"
    headings = select(graph, f"""SELECT ?label ?descriptor ?major WHERE {{ {doc} omsg:meshHeading ?h .
        ?h rdfs:label ?label ; omsg:descriptor ?descriptor ; omsg:majorTopic ?major }} ORDER BY ?label""")
    assert [(h["label"], h["descriptor"], h["major"]) for h in headings] == [
        ("Albuterol/pharmacology*", "http://id.nlm.nih.gov/mesh/D000420", "true"),
        ("Mice", "http://id.nlm.nih.gov/mesh/D051379", "false"),
        ("Opsoclonus-Myoclonus Syndrome/immunology*", "http://id.nlm.nih.gov/mesh/D053578", "true")]
    substances = select(graph, f"SELECT ?c WHERE {{ {doc} omsg:substance/omsg:concept ?c }} ORDER BY ?c")
    assert [s["c"] for s in substances] == ["http://id.nlm.nih.gov/mesh/D000420", "http://id.nlm.nih.gov/mesh/D016756"]
    facts = select(graph, f"""SELECT ?creator ?date ?year WHERE {{ {doc} dcterms:creator ?creator ;
        dcterms:date ?date ; fabio:hasPublicationYear ?year }} ORDER BY ?creator""")
    assert [f["creator"] for f in facts] == ["Adaeze Okafor", "Mats Lindqvist"]
    assert {(f["date"], f["year"]) for f in facts} == {("2023-03-14", "2023")}
    # citations are links between works: the JATS article cites the PubMed record, both Documents here
    cites = select(graph, """SELECT ?a ?b WHERE { ?a cito:cites ?b . ?a a omsg:Document . ?b a omsg:Document }""")
    assert cites == [{"a": "https://identifiers.org/pubmed:39100010", "b": "https://identifiers.org/pubmed:39100001"}]
    outside = select(graph, """SELECT ?w ?doi WHERE { <https://identifiers.org/pubmed:39100010> cito:cites ?w .
        ?w a fabio:Work ; prism:doi ?doi FILTER NOT EXISTS { ?w a omsg:Document } }""")
    assert outside == [{"w": "https://doi.org/10.5555/mt.2020.001", "doi": "10.5555/mt.2020.001"}]
    types = select(graph, "SELECT ?t WHERE { <https://identifiers.org/pubmed:39100002> a ?t }")
    assert "http://purl.org/spar/fabio/ReviewArticle" in {t["t"] for t in types}


def test_evidence_records_sections_of_structured_and_full_text(corpus_graph):
    graph, _, _ = corpus_graph
    rows = select(graph, """SELECT DISTINCT ?doc ?section WHERE { ?ev omsg:document ?doc ; omsg:section ?section .
        FILTER(?doc IN (<https://identifiers.org/pubmed:39100001>, <https://identifiers.org/pubmed:39100010>)) }""")
    sections = {row["section"] for row in rows}
    assert sections, "no evidence read from the fixtures"
    known = {"title", "BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS", "Introduction", "Methods / Slice culture",
             "Results", "Discussion", "figure caption", "table caption"}
    assert sections <= known and sections - {"title"}


def test_bioc_annotations_are_used_as_entities(tmp_path):
    bioc = tmp_path / "one.xml"
    bioc.write_text(
        '<?xml version="1.0"?><collection><source>t</source><document><id>55</id><passage>'
        '<infon key="type">title</infon><offset>0</offset><text>Compound Q7 inhibits PI3K in neurons.</text>'
        '<annotation id="1"><infon key="type">Chemical</infon><infon key="identifier">MESH:C999991</infon>'
        '<location offset="9" length="2"/><text>Q7</text></annotation>'
        '<annotation id="2"><infon key="type">Gene</infon><infon key="identifier">5290</infon>'
        '<location offset="21" length="4"/><text>PI3K</text></annotation></passage></document></collection>',
        encoding="utf-8")
    graph = tmp_path / "g"
    assert invoke("build", bioc, "-o", graph, "--entities", "input", "--workers", 1).exit_code == 0
    rows = select(graph, "SELECT ?o WHERE { <http://id.nlm.nih.gov/mesh/C999991> omsg:inhibits ?o }")
    assert rows == [{"o": "https://identifiers.org/ncbigene:5290"}]


def test_fixture_graph_passes_shacl_validation(tmp_path):
    graph = tmp_path / "g"
    result = invoke("build", FIXTURES / "pubmed_structured.xml", FIXTURES / "pmc_research_article.nxml",
                    FIXTURES / "pmc_case_report.nxml", "-o", graph, "--workers", 1)
    assert result.exit_code == 0 and "built 4 document(s)" in result.output, result.output
    result = invoke("validate", graph)
    assert result.exit_code == 0, result.output
