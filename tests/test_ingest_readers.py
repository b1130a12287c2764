"""Readers: PubMed XML, PMC JATS, BioC XML/JSON, PubTator; detection from content; bad input per record."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.errors import InputError
from omsgraph.ingest import detect_format, read_file, read_inputs
from omsgraph.model import MeshHeading, Substance

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[2] / "shared"
BIORED = SHARED / "corpora" / "biored" / "BioRED_Dev.PubTator"


def read(path, **options) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    return list(read_inputs([path], on_error=errors.append, **options)), errors


def pubmed_record(pmid: int, *, title: str | None = None, abstract: str = "Kinase activity rose after treatment.") -> str:
    title = title if title is not None else f"Record number {pmid} about kinases"
    return (f"<PubmedArticle><MedlineCitation><PMID Version=\"1\">{pmid}</PMID><Article><Journal><JournalIssue>"
            f"<PubDate><Year>2020</Year></PubDate></JournalIssue><Title>J Generated</Title></Journal>"
            f"<ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText></Abstract>"
            f"</Article></MedlineCitation></PubmedArticle>\n")


def pubmed_set(records) -> str:
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PubmedArticleSet>\n" + "".join(records) + "</PubmedArticleSet>\n"


# ---- PubMed XML ----------------------------------------------------------------------------------

def test_pubmed_record_with_structured_abstract_and_inline_markup():
    docs, errors = read(FIXTURES / "pubmed_structured.xml")
    assert errors == [] and [d.id for d in docs] == ["PMID:39100001", "PMID:39100002"]
    doc = docs[0]
    assert doc.title == "A β2-agonist lowers IgG1 binding to cerebellar granule cells in vitro."
    assert "Ca2+ was followed" in doc.text and "β2-agonist salbutamol" in doc.text
    assert [p.section for p in doc.passages] == ["title", "BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    for passage in doc.passages:
        assert doc.text[passage.offset:passage.offset + len(passage.text)] == passage.text
    assert doc.section_at(doc.text.index("Salbutamol reduced")) == "RESULTS"
    assert (doc.pmid, doc.doi, doc.pmcid) == ("39100001", "10.5555/jpn.2023.0201", "PMC9900001")
    assert (doc.journal, doc.year, doc.pub_date) == ("Journal of Paediatric Neuroimmunology", 2023, "2023-03-14")
    assert doc.authors == ("Adaeze Okafor", "Mats Lindqvist")
    assert doc.publication_types == ("Journal Article", "Research Support, Non-U.S. Gov't")
    assert doc.mesh_terms == (
        MeshHeading("Albuterol", "MESH:D000420", True, ("pharmacology",)),
        MeshHeading("Mice", "MESH:D051379", False, ()),
        MeshHeading("Opsoclonus-Myoclonus Syndrome", "MESH:D053578", True, ("immunology",)),
    )
    assert doc.substances == (Substance("Immunoglobulins, Intravenous", "MESH:D016756"), Substance("Albuterol", "MESH:D000420"))
    assert doc.keywords == ("autoantibodies", "granule cells")
    assert [(link.relation, link.target, link.doi) for link in doc.links] == [
        ("cites", "PMID:25000001", "10.5555/jtn.2015.001"), ("cites", "DOI:10.5555/mt.2018.009", None)]
    review = docs[1]
    assert (review.year, review.pub_date, review.authors) == (2019, "2019", ("Example Paediatric Neurology Consortium",))
    assert review.publication_types == ("Review",) and review.passages[1].section == "abstract"


def test_a_bad_record_inside_a_large_file_is_reported_and_the_rest_is_read(tmp_path):
    records = [pubmed_record(1000 + n) for n in range(1000)]
    records[499] = pubmed_record(1499, title="Broken <b title")              # malformed XML
    records[700] = pubmed_record(1700).replace("<PMID Version=\"1\">1700</PMID>", "")  # no PMID
    path = tmp_path / "big.xml"
    path.write_text(pubmed_set(records), encoding="utf-8")
    docs, errors = read(path)
    assert len(docs) == 998
    assert [e.record for e in errors] == ["record 500, PMID 1499", "record 701"]
    assert all(e.path == str(path) for e in errors)
    assert "malformed XML" in errors[0].message and "without PMID" in errors[1].message
    assert all("\n" not in str(e) for e in errors)
    with pytest.raises(InputError):
        list(read_inputs([path], strict=True))


def test_a_record_over_64_mb_is_reported_and_the_records_after_it_are_built(tmp_path):
    path = tmp_path / "huge.xml"
    paragraph = "<AbstractText>" + "Kinase activity was measured again. " * 2000 + "</AbstractText>"
    with path.open("w", encoding="utf-8") as out:
        out.write(pubmed_set([pubmed_record(1)]).replace("</PubmedArticleSet>\n", ""))
        # 1.5 MB (a long grant list): past one read, under the limit, so it is collected in pieces and read
        grants = "<GrantList>" + "<Grant><GrantID>R01 NS000000</GrantID><Agency>NINDS NIH HHS</Agency></Grant>" * 20000
        out.write(pubmed_record(2).replace("</Article>", grants + "</GrantList></Article>"))
        out.write(pubmed_record(3, abstract="").replace("<AbstractText></AbstractText>", paragraph * 1000))
        out.write(pubmed_record(4) + "</PubmedArticleSet>\n")
    assert path.stat().st_size > 64 << 20
    docs, errors = read(path)
    assert [d.id for d in docs] == ["PMID:1", "PMID:2", "PMID:4"]
    assert docs[1].title == "Record number 2 about kinases"
    assert len(errors) == 1
    assert str(errors[0]) == (f"{path} [record 3, PMID 3]: record of 69 MB is larger than the 64 MB limit; "
                              "record skipped")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "g"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "huge.xml" in line]
    assert len(lines) == 1 and "[record 3, PMID 3]" in lines[0] and "larger than the 64 MB limit" in lines[0]
    assert "built 3 document(s)" in result.output


def test_strict_build_stops_at_a_bad_record_in_one_line(tmp_path):
    path = tmp_path / "set.xml"
    path.write_text(pubmed_set([pubmed_record(1), pubmed_record(2, title="x <i>y</b>"), pubmed_record(3)]),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "g"), "--strict", "--workers", "1"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"omsgraph: error: {path} [record 2, PMID 2]: malformed XML")
    assert "Traceback" not in result.output


def test_truncated_gzip_yields_the_good_records_then_one_line_error(tmp_path):
    data = gzip.compress(pubmed_set([pubmed_record(n, abstract="Words " * 40) for n in range(1, 301)]).encode())
    path = tmp_path / "medline.xml.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    assert detect_format(path) == "pubmed-xml"
    docs, errors = read(path)
    assert 50 < len(docs) < 300
    assert len(errors) == 1 and errors[0].path == str(path) and "truncated" in errors[0].message
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "g"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "medline.xml.gz" in line and "skipped" in line]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert f"built {len(docs)} document(s)" in result.output


def peak_memory_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_inputs([path]))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_gzipped_medline_is_streamed_in_constant_memory(tmp_path):
    abstract = "Akt phosphorylation increased after stimulation. " * 20
    peaks = {}
    for n in (600, 2400):
        path = tmp_path / f"baseline-{n}.xml.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
            for i in range(n):
                out.write(pubmed_record(5_000_000 + i, abstract=abstract))
            out.write("</PubmedArticleSet>\n")
        count, peaks[n] = peak_memory_reading(path)
        assert count == n
    size = 2400 * len(pubmed_record(5_000_000, abstract=abstract))
    assert size > 2_500_000
    assert peaks[2400] < size / 2, (peaks, size)          # never the whole file
    assert peaks[2400] < peaks[600] * 1.5 + 200_000, peaks  # four times the records, about the same memory


def test_wrong_encodings_are_refused_per_record_or_per_file(tmp_path):
    latin = tmp_path / "latin.xml"
    body = pubmed_set([pubmed_record(1), pubmed_record(2, title="Caf\xe9 study"), pubmed_record(3)])
    latin.write_bytes(body.encode("latin-1"))     # declared UTF-8, one record in Latin-1
    docs, errors = read(latin)
    assert [d.id for d in docs] == ["PMID:1", "PMID:3"]
    assert len(errors) == 1 and errors[0].record == "record 2, PMID 2"
    utf16 = tmp_path / "utf16.xml"
    utf16.write_bytes(body.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    docs, errors = read(utf16)
    assert docs == [] and len(errors) == 1 and "UTF-16" in errors[0].message
    pubtator = tmp_path / "latin.pubtator"
    pubtator.write_bytes("1|t|Caf\xe9\n1|a|Text.\n".encode("latin-1"))
    docs, errors = read(pubtator)
    assert docs == [] and "not UTF-8" in errors[0].message


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<PubmedArticleSet>""" + pubmed_record(7, title="&lol9;") + "</PubmedArticleSet>"

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<article><front><article-meta><title-group><article-title>&secret;</article-title></title-group>
</article-meta></front></article>"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_tricks_are_refused(tmp_path, content):
    path = tmp_path / "evil.xml"
    path.write_text(content, encoding="utf-8")
    docs, errors = read(path)
    assert docs == [] and len(errors) == 1
    assert "entity declarations are refused" in errors[0].message and errors[0].path == str(path)


def test_undeclared_entities_fail_only_their_record(tmp_path):
    path = tmp_path / "ent.xml"
    path.write_text(pubmed_set([pubmed_record(1, title="a&nbsp;b"), pubmed_record(2)]), encoding="utf-8")
    docs, errors = read(path)
    assert [d.id for d in docs] == ["PMID:2"] and errors[0].record == "record 1, PMID 1"


# ---- JATS ----------------------------------------------------------------------------------------

def test_jats_full_text_sections_captions_and_references():
    docs, errors = read(FIXTURES / "pmc_research_article.nxml")
    assert errors == [] and len(docs) == 1
    doc = docs[0]
    assert (doc.id, doc.pmid, doc.pmcid, doc.doi) == ("PMID:39100010", "39100010", "PMC9900010", "10.5555/en.2024.0010")
    assert doc.journal == "Experimental Neuroimmunology" and (doc.year, doc.pub_date) == (2024, "2024-04-09")
    assert doc.authors == ("Claire Moreau", "Hiroshi Tanaka")      # the editor is not an author
    assert doc.publication_types == ("Journal Article",) and doc.keywords == ("IGF-1", "Purkinje cell", "complement")
    sections = [p.section for p in doc.passages]
    assert sections == ["title", "BACKGROUND", "METHODS", "RESULTS", "Introduction", "Methods / Slice culture",
                        "Results", "figure caption", "table caption", "Discussion"]
    captions = {p.label: p.text for p in doc.passages if p.label}
    assert captions == {"Figure 1": "Akt activation. Western blots of phospho-Akt after IGF-1 treatment.",
                        "Table 1": "Purkinje cell counts per slice under each condition."}
    results = next(p.text for p in doc.passages if p.section == "Results")
    assert results == "IGF-1 increased Akt phosphorylation within thirty minutes. Calbindin counts confirmed the " \
                      "protection [ 2 ]." or "Western blots" not in results
    assert "β2-agonist salbutamol" in doc.text
    assert "cartoon" not in doc.text and "Serum" not in doc.text and "core facility" not in doc.text
    for passage in doc.passages:
        assert doc.text[passage.offset:passage.offset + len(passage.text)] == passage.text
    assert [(link.target, link.doi) for link in doc.links] == [
        ("PMID:39100001", "10.5555/jpn.2023.0201"), ("DOI:10.5555/mt.2020.001", None)]


def test_jats_case_report_without_pmid():
    (doc,), errors = read(FIXTURES / "pmc_case_report.nxml")
    assert errors == []
    assert (doc.id, doc.pmcid, doc.pmid) == ("DOI:10.5555/crne.2022.0020", "PMC9900020", None)
    assert doc.authors == ("Example Neurology Case Group",) and doc.pub_date == "2022-07"
    assert doc.publication_types == ("Case Reports",)
    assert [p.section for p in doc.passages] == ["title", "abstract", "body", "Case presentation", "figure caption"]
    assert doc.links[0].target == "PMC:PMC9900030"


def test_pmc_article_set_with_a_bad_article(tmp_path):
    good = (FIXTURES / "pmc_case_report.nxml").read_text(encoding="utf-8")
    article = good[good.index("<article "):]
    broken = article.replace("</front>", "")
    path = tmp_path / "set.xml"
    path.write_text('<?xml version="1.0"?>\n<pmc-articleset>' + article + broken + article.replace(
        "PMC9900020", "PMC9900021").replace("10.5555/crne.2022.0020", "10.5555/other") + "</pmc-articleset>",
        encoding="utf-8")
    assert detect_format(path) == "jats"
    docs, errors = read(path)
    assert [d.pmcid for d in docs] == ["PMC9900020", "PMC9900021"]
    assert len(errors) == 1 and errors[0].record.startswith("record 2")


# ---- BioC ----------------------------------------------------------------------------------------

BIOC_DOC = {
    "id": "123", "infons": {},
    "passages": [
        {"infons": {"type": "title", "journal": "Neurol Examples. 2020 May;3(2):1-9.", "year": "2020",
                    "authors": "Kim J, Osei K", "article-id_doi": "10.5555/ne.3", "article-id_pmc": "PMC42"},
         "offset": 0, "text": "Wortmannin blocks PI3K",
         "annotations": [{"id": "1", "infons": {"type": "Chemical", "identifier": "MESH:D000077191"},
                          "text": "Wortmannin", "locations": [{"offset": 0, "length": 10}]}]},
        {"infons": {"type": "abstract"}, "offset": 23, "text": "Neurons died when PI3K was blocked.",
         "annotations": [{"id": "2", "infons": {"type": "Gene", "identifier": "5290"}, "text": "PI3K",
                          "locations": [{"offset": 41, "length": 4}]}]},
        {"infons": {"type": "paragraph", "section_type": "RESULTS"}, "offset": 200, "text": "Akt fell.",
         "annotations": [{"id": "3", "infons": {"type": "Gene"}, "text": "Akt", "locations": [{"offset": 200, "length": 3}]}]},
        {"infons": {"type": "ref", "section_type": "REF", "pub-id_pmid": "777"}, "offset": 300, "text": "An old paper"},
    ],
}


def check_bioc_doc(doc) -> None:
    assert doc.id == "PMID:123" and doc.title == "Wortmannin blocks PI3K"
    assert doc.text == "Wortmannin blocks PI3K Neurons died when PI3K was blocked.\n\nAkt fell."
    assert [(m.text, m.type, m.id) for m in doc.mentions] == [
        ("Wortmannin", "Chemical", "MESH:D000077191"), ("PI3K", "Gene", "NCBIGene:5290"), ("Akt", "Gene", None)]
    assert all(doc.text[m.start:m.end] == m.text for m in doc.mentions)
    assert [p.section for p in doc.passages] == ["title", "abstract", "RESULTS"]
    assert (doc.journal, doc.year, doc.doi, doc.pmcid) == ("Neurol Examples", 2020, "10.5555/ne.3", "PMC42")
    assert doc.authors == ("Kim J", "Osei K") and doc.links[0].target == "PMID:777"


def to_bioc_xml(documents: list[dict]) -> str:
    from xml.sax.saxutils import escape, quoteattr

    def infons(values):
        return "".join(f"<infon key={quoteattr(k)}>{escape(v)}</infon>" for k, v in values.items())

    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE collection SYSTEM "BioC.dtd">\n'
           "<collection><source>test</source><date>2024</date><key>BioC.key</key>"]
    for doc in documents:
        out.append(f"<document><id>{doc['id']}</id>{infons(doc.get('infons', {}))}")
        for passage in doc["passages"]:
            out.append(f"<passage>{infons(passage['infons'])}<offset>{passage['offset']}</offset>"
                       f"<text>{escape(passage['text'])}</text>")
            for ann in passage.get("annotations", []):
                locations = "".join(f'<location offset="{loc["offset"]}" length="{loc["length"]}"/>'
                                    for loc in ann["locations"])
                out.append(f'<annotation id="{ann["id"]}">{infons(ann["infons"])}{locations}'
                           f"<text>{escape(ann['text'])}</text></annotation>")
            out.append("</passage>")
        out.append("</document>\n")
    out.append("</collection>\n")
    return "".join(out)


def test_bioc_xml_and_json_give_the_same_document(tmp_path):
    xml = tmp_path / "c.xml"
    xml.write_text(to_bioc_xml([BIOC_DOC]), encoding="utf-8")
    layouts = {
        "collection.json": {"source": "x", "date": "", "key": "", "infons": {}, "documents": [BIOC_DOC]},
        "pubtator3.json": {"PubTator3": [BIOC_DOC]},
        "list.json": [BIOC_DOC],
        "single.json": BIOC_DOC,
    }
    assert detect_format(xml) == "bioc-xml"
    check_bioc_doc(read(xml)[0][0])
    for name, value in layouts.items():
        path = tmp_path / name
        path.write_text(json.dumps(value, indent=1), encoding="utf-8")
        assert detect_format(path) == "bioc-json", name
        docs, errors = read(path)
        assert errors == [] and len(docs) == 1, name
        check_bioc_doc(docs[0])
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(BIOC_DOC) + "\n" + json.dumps(dict(BIOC_DOC, id="124")) + "\n", encoding="utf-8")
    assert [d.id for d in read(lines, format="bioc-json")[0]] == ["PMID:123", "PMID:124"]


def test_bioc_bad_documents_are_skipped_one_by_one(tmp_path):
    outside = json.loads(json.dumps(BIOC_DOC))
    outside["id"] = "200"
    outside["passages"][0]["annotations"][0]["locations"][0]["offset"] = 90
    not_json = '{"id": "201", "passages": [tru]}'
    text = '{"documents": [' + json.dumps(BIOC_DOC) + ", " + json.dumps(outside) + ", " + not_json + ", " \
        + json.dumps(dict(BIOC_DOC, id="202")) + "]}"
    path = tmp_path / "c.json"
    path.write_text(text, encoding="utf-8")
    docs, errors = read(path)
    assert [d.id for d in docs] == ["PMID:123", "PMID:202"]
    assert [e.record for e in errors] == ["record 2, id 200", "record 3, id 201"]
    assert "outside its passage" in errors[0].message and "JSONDecodeError" in errors[1].message
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"202"')], encoding="utf-8")
    docs, errors = read(cut)
    assert len(docs) == 1 and "ends inside a document" in errors[-1].message


def test_bioc_sentence_level_passages(tmp_path):
    doc = {"id": "9", "passages": [{"infons": {"type": "abstract"}, "offset": 0, "sentences": [
        {"offset": 0, "text": "LY294002 inhibits PI3K.", "annotations": [
            {"id": "a", "infons": {"type": "Chemical"}, "locations": [{"offset": 0, "length": 8}], "text": "LY294002"}]},
        {"offset": 24, "text": "Akt fell."}]}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"documents": [doc]}), encoding="utf-8")
    (read_doc,), errors = read(path)
    assert read_doc.text == "LY294002 inhibits PI3K. Akt fell." and read_doc.mentions[0].text == "LY294002"


# ---- PubTator ------------------------------------------------------------------------------------

def test_pubtator_with_and_without_mentions_and_relations(tmp_path):
    if not BIORED.exists():
        pytest.skip("BioRED corpus not in ../shared")
    docs, errors = read(BIORED)
    titles = sum(1 for line in BIORED.read_text(encoding="utf-8").splitlines() if "|t|" in line[:20])
    assert errors == [] and len(docs) == titles
    assert all(doc.text[m.start:m.end] == m.text for doc in docs for m in doc.mentions)
    assert sum(len(d.mentions) for d in docs) > len(docs)
    plain = tmp_path / "plain.txt"   # no blank lines between records, no mention lines
    plain.write_text("11|t|First title\n11|a|First abstract.\n12|t|Second title\n12|a|Second abstract.\n",
                     encoding="utf-8")
    docs, errors = read(plain)
    assert [d.text for d in docs] == ["First title First abstract.", "Second title Second abstract."]
    bad = tmp_path / "bad.pubtator"
    bad.write_text("1|t|T\n1|a|A text.\n1\t0\t99\tT\tChemical\tD1\n\n2|t|U\n2|a|B text.\n", encoding="utf-8")
    docs, errors = read(bad)
    assert [d.id for d in docs] == ["PMID:2"] and errors[0].record == "record 1, PMID 1"


# ---- detection and --format ------------------------------------------------------------------------

def test_format_comes_from_content_not_name_and_format_overrides(tmp_path):
    disguised = tmp_path / "download.txt"
    disguised.write_bytes((FIXTURES / "pubmed_structured.xml").read_bytes())
    assert detect_format(disguised) == "pubmed-xml"
    jats = tmp_path / "article.xml"
    jats.write_bytes((FIXTURES / "pmc_research_article.nxml").read_bytes())
    assert detect_format(jats) == "jats"
    assert [d.id for d in read_file(jats, format="nxml")] == ["PMID:39100010"]
    as_text = list(read_file(FIXTURES / "pubmed_structured.xml", format="text"))
    assert len(as_text) == 1 and as_text[0].pmid is None      # forced: read as a plain page
    with pytest.raises(InputError, match="unknown format"):
        list(read_inputs([jats], format="word"))


def test_json_that_is_not_bioc_is_refused_but_a_bracketed_title_is_prose(tmp_path):
    other = tmp_path / "records.json"
    other.write_text(json.dumps([{"abstract": "Rituximab reduced relapses of opsoclonus."}]), encoding="utf-8")
    docs, errors = read(other)
    assert docs == [] and len(errors) == 1
    assert "not BioC JSON" in errors[0].message and errors[0].path == str(other)
    # translated titles open with a bracket in PubMed; text that is no JSON stays prose
    bracketed = tmp_path / "abstract.txt"
    bracketed.write_text("[Opsoclonus in an adult after infection]. Rituximab reduced relapses.\n", encoding="utf-8")
    docs, errors = read(bracketed)
    assert errors == [] and len(docs) == 1 and docs[0].text.startswith("[Opsoclonus")


def test_a_one_sentence_note_is_read_but_a_page_of_menus_is_not(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("LY294002 inhibits PI3K.\n", encoding="utf-8")
    docs, errors = read(note)
    assert errors == [] and [d.text for d in docs] == ["LY294002 inhibits PI3K."]
    menus = tmp_path / "menus.txt"
    menus.write_text("Home\n\nLog in.\n\nJournals\n", encoding="utf-8")
    docs, errors = read(menus)
    assert docs == [] and "no prose found" in errors[0].message
    # a page with prose keeps only its prose: its short lines stay out
    page = tmp_path / "page.txt"
    page.write_text("Back.\n\nWortmannin inhibited PI3K in cultured neurons, and it also reduced the "
                    "phosphorylation of Akt.\n", encoding="utf-8")
    docs, errors = read(page)
    assert errors == [] and docs[0].text.startswith("Wortmannin") and "Back." not in docs[0].text
