"""NLP stage: sentences, vocabulary entities, abbreviations, annotate modes (curated vocabulary only)."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omsgraph.errors import VocabularyError
from omsgraph.model import Document, Mention
from omsgraph.nlp import annotate, load_pipeline
from omsgraph.nlp.spans import DOCUMENT_KEY, entity_of, entity_spans

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(broad=False)


def run(nlp, text, **kw):
    (_, doc), = annotate([Document(id="PMID:9", text=text)], nlp, **kw)
    return doc


def test_sentences_survive_abbreviations(nlp):
    text = ("Jones et al. gave rats 0.4 g/kg/day IVIg, i.e. a high dose, vs. saline (Fig. 2). "
            "See Pediatr Res. 2019 May. Dosing was 1 mg/kg/orally.[1],[2] Recovery followed.")
    sents = [s.text for s in run(nlp, text).sents]
    assert sents[0].endswith("(Fig. 2).")
    assert any(s.endswith("[1],[2]") for s in sents)
    assert sents[-1] == "Recovery followed."
    assert not any(s.startswith(("2019", "Res", "saline")) for s in sents)


@pytest.mark.parametrize("word", ["child", "diabetes", "cancer", "complications", "cell", "options"])
def test_a_sentence_ending_in_an_ordinary_word_that_also_abbreviates_a_journal_title_ends(nlp, word):
    sents = [s.text for s in run(nlp, f"Dyskinesia began in one {word}. A second report followed.").sents]
    assert sents == [f"Dyskinesia began in one {word}.", "A second report followed."]


def test_vocabulary_ids_and_doc_contract(nlp):
    text = "LY294002 blocked PI3K while IGF-1 reduced cytolysis of rat neurons."
    doc = run(nlp, text)
    assert doc.text == text and doc.user_data[DOCUMENT_KEY] == "PMID:9"
    got = {(s.text, s.kb_id_) for s in doc.ents}
    assert {("LY294002", "CHEBI:65329"), ("PI3K", "FPLX:PI3K"), ("IGF-1", "HGNC:5464"),
            ("cytolysis", "GO:0019835"), ("rat", "NCBITaxon:10116"), ("neurons", "CL:0000540")} <= got


def test_cox_names_are_the_cyclooxygenases_not_the_mitochondrial_genes(nlp):
    # HGNC lists COX1/COX2 as aliases of MT-CO1/MT-CO2 too; pharmacology means PTGS1/PTGS2
    doc = run(nlp, "Celecoxib blocks COX-2 and Cox-2 more than COX-1 or cyclooxygenase-1.")
    assert [(s.text, s.kb_id_) for s in doc.ents if s.label_ == "Gene"] == [
        ("COX-2", "HGNC:9605"), ("Cox-2", "HGNC:9605"), ("COX-1", "HGNC:9604"), ("cyclooxygenase-1", "HGNC:9604")]


def test_onconeural_antibodies_and_nmda_receptor_encephalitis_are_one_mention_each(nlp):
    # without these names "Anti-Hu antibodies" was the generic 'antibodies' and the encephalitis a receptor
    doc = run(nlp, "Anti-Hu antibodies (ANNA-1) and anti-Ri antibodies were absent; anti-NMDA receptor "
                   "encephalitis was excluded.")
    assert [(s.text, s.label_, s.kb_id_) for s in doc.ents] == [
        ("Anti-Hu antibodies", "Chemical", "MESH:C000632625"), ("ANNA-1", "Chemical", "MESH:C000632625"),
        ("anti-Ri antibodies", "Chemical", "MESH:C487483"),
        ("anti-NMDA receptor encephalitis", "Disease", "MESH:D060426")]


def test_abbreviation_defined_overrides_and_undefined_is_guarded(nlp):
    defined = run(nlp, "Guillain-Barre syndrome (GBS) responds to IVIg. GBS relapses are rare.")
    assert [s.kb_id_ for s in defined.ents if s.text == "GBS"] == ["MESH:D020275", "MESH:D020275"]
    undefined = run(nlp, "GBS was cultured from the swab.")
    assert not [s for s in undefined.ents if s.text == "GBS"]
    ivig = run(nlp, "They gave intravenous immunoglobulin (IVI g); IVI g helped.")
    assert [s.kb_id_ for s in ivig.ents if s.text == "IVI g"] == ["MESH:D016756"] * 2


def test_a_short_form_followed_by_a_dose_or_a_comma_is_still_defined(nlp):
    # Schwartz and Hearst take the text before a comma or semicolon; a colon or a dose ends it too
    from omsgraph.nlp.abbreviations import find_definitions
    for text in ("rats given blorfazine mesylate (BM, 10 mg/kg)", "rats given blorfazine mesylate (BM; daily)",
                 "rats given blorfazine mesylate (BM: 10 mg/kg)", "rats given blorfazine mesylate (BM 10 mg/kg)"):
        assert [(sf, text[s:e]) for sf, s, e, _ in find_definitions(text)] == [("BM", "blorfazine mesylate")], text
    # neither a list inside a name nor a lower-case unit before a number defines anything
    assert not list(find_definitions("sodium and potassium (Na,K)-ATPase"))
    assert not list(find_definitions("produced by hypoventilation (pH 7.05 to 7.25)"))
    # a long form starts after a bracket it opens with, never at a joining word, and leaves none open
    text = "the risk (odds ratio (OR) 2.1) rose"
    assert [(sf, text[s:e]) for sf, s, e, _ in find_definitions(text)] == [("OR", "odds ratio")]
    assert not list(find_definitions("with blorfazine and vasopressin (AVP) together"))
    assert not list(find_definitions("ATP-sensitive K+ (K(ATP)) channels"))
    # and the short form takes the long form's concept in the whole document (GBS alone is guarded)
    doc = run(nlp, "Guillain-Barre syndrome (GBS, 12 patients) responds to IVIg. GBS relapses are rare.")
    assert [s.kb_id_ for s in doc.ents if s.text == "GBS"] == ["MESH:D020275", "MESH:D020275"]


def test_no_name_ends_inside_a_decimal_number_and_statistics_are_no_diseases(nlp):
    assert [s.kb_id_ for s in run(nlp, "IGF 1 rose.").ents] == ["HGNC:5464"]
    assert not run(nlp, "The ratio was IGF 1.50 in all.").ents     # "OR 1.50" is an odds ratio, not OR1
    doc = run(nlp, "The threshold (mean +/- SD) was 41 +/- 6 mg; mean (SD) age 60. SD recurred.")
    assert [s.text for s in doc.ents if s.label_ == "Disease"] == ["SD"]   # only the bare acronym


def test_a_compound_modifier_made_with_a_short_form_takes_its_long_forms_concept(nlp):
    doc = run(nlp, "Guillain-Barre syndrome (GBS) was seen. GBS-related weakness and GBS-2 followed.")
    assert [(s.text, s.start_char, s.kb_id_) for s in doc.ents if s.text == "GBS"] == [
        ("GBS", 25, "MESH:D020275"), ("GBS", 40, "MESH:D020275")]      # not the 'GBS' of 'GBS-2'
    # a long form the vocabulary lacks takes the reading of the bare short form only
    doc = run(nlp, "A pixel indexing 3 kernel (PI3K) was used. PI3K ran; PI3K-dependent signalling fell.")
    assert [(s.text, s.start_char) for s in doc.ents if s.text == "PI3K"] == [("PI3K", 53)]


def test_organ_adjectives_coordinated_before_a_disease_name_join_its_mention(nlp):
    doc = run(nlp, "It caused pulmonary and renal failure; static and renal failure.")
    diseases = [(s.text, s.kb_id_) for s in doc.ents if s.label_ == "Disease"]
    assert diseases == [("pulmonary and renal failure", "MESH:D051437"),   # the concept of the name matched
                        ("renal failure", "MESH:D051437")]                 # 'static' names no organ
    # a disease word that is itself an adjective has no head noun to share
    from omsgraph.nlp.pipeline import _coordinated
    text = "cardiac or arterial thrombotic events"
    found = [(20, 30, "Disease", "MESH:D999001", "thrombotic")]
    assert _coordinated(text, found) == found


def test_a_drugs_mention_takes_in_the_salt_word_after_it(nlp):
    doc = run(nlp, "LY294002 hydrochloride blocked PI3K; LY294002 alone did too.")
    assert [(s.text, s.kb_id_) for s in doc.ents if s.label_ == "Chemical"] == [
        ("LY294002 hydrochloride", "CHEBI:65329"), ("LY294002", "CHEBI:65329")]


def test_entity_modes(nlp):
    text = "Clonazepam eased myoclonus."
    given = Mention(start=0, end=10, text="Clonazepam", type="Chemical", id="MESH:D002998", label="Clonazepam")
    inner = Mention(start=0, end=5, text="Clona", type="Chemical")
    doc_in = Document(id="PMID:3", text=text, mentions=(given, inner))
    (_, only_input), = annotate([doc_in], nlp, entities="input")
    assert len(entity_spans(only_input)) == 2           # overlapping input mentions kept
    (_, both), = annotate([doc_in], nlp, entities="both")
    assert {s.kb_id_ for s in entity_spans(both)} == {"MESH:D002998", "", "HP:0001336"}
    (_, vocab), = annotate([doc_in], nlp, entities="vocabulary")
    assert [s.kb_id_ for s in vocab.ents] == ["CHEBI:3756", "HP:0001336"]


def test_input_mentions_win_overlaps_but_keep_the_vocabularys_preferred_label(nlp):
    # PubTator gives "IVIg" with the MeSH id but no label: the entity is named by the vocabulary.
    text = "IVIg helped."
    given = Mention(start=0, end=4, text="IVIg", type="Chemical", id="MESH:D016756")
    (_, doc), = annotate([Document(id="PMID:4", text=text, mentions=(given,))], nlp, entities="both")
    spans = entity_spans(doc)
    assert [(s.text, s.kb_id_) for s in spans] == [("IVIg", "MESH:D016756")]
    assert entity_of(spans[0]).label == "intravenous immunoglobulin"
    assert doc.text == text and "omsgraph_input_mentions" not in doc.user_data


def test_extra_vocab_tsv_and_obo(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("name\tcurie\ttype\nwobble factor\tX:1\tGene\n", encoding="utf-8")
    obo = tmp_path / "mine.obo"
    obo.write_text("[Term]\nid: Y:2\nname: glimmer syndrome\nnamespace: Disease\n", encoding="utf-8")
    nlp = load_pipeline(broad=False, extra_vocab=[tsv, obo])
    doc = run(nlp, "The wobble factor causes glimmer syndrome.")
    assert {(s.kb_id_, s.label_) for s in doc.ents} == {("X:1", "Gene"), ("Y:2", "Disease")}


def test_a_block_phrase_keeps_the_name_inside_it_from_matching(tmp_path):
    tsv = tmp_path / "units.tsv"
    tsv.write_text("name\tcurie\ttype\tlabel\tmatch\nzorium\tX:9\tChemical\tzorium\tany\n"
                   "Zr\tX:9\tChemical\tzorium\texact\nmm Zr\t\t\t\tblock\n", encoding="utf-8")
    nlp = load_pipeline(broad=False, extra_vocab=[tsv])
    plain = run(nlp, "Zr rose while pressure fell by 20 mm Zr.")
    assert [(s.text, s.start_char) for s in plain.ents if s.kb_id_ == "X:9"] == [("Zr", 0)]
    assert all(s.label_ for s in plain.ents)          # the phrase itself is no entity
    # nor does a definition of the short form reach into the phrase
    defined = run(nlp, "Serum zorium (Zr) rose while pressure fell by 20 mm Zr.")
    assert [s.text for s in defined.ents if s.kb_id_ == "X:9"] == ["zorium", "Zr"]


def test_short_form_defined_by_an_unknown_long_form(tmp_path):
    # the document defines the short form by a long form the vocabulary lacks: a disease's short form
    # then loses the vocabulary's reading (it stands for something else here), a chemical's keeps it
    # (chemical short names are seldom reused: 'azidothymidine (AZT)' where the vocabulary says AZT)
    tsv = tmp_path / "short.tsv"
    tsv.write_text("name\tcurie\ttype\nZBX\tX:1\tChemical\nQDS\tX:2\tDisease\n", encoding="utf-8")
    nlp = load_pipeline(broad=False, extra_vocab=[tsv])
    plain = run(nlp, "ZBX and QDS.")
    assert [s.kb_id_ for s in plain.ents] == ["X:1", "X:2"]
    doc = run(nlp, "The quiet dyskinesia score (QDS) fell after zorbic benzoxate (ZBX); ZBX lowered QDS.")
    assert [s.text for s in doc.ents if s.kb_id_ == "X:2"] == []
    assert [s.text for s in doc.ents if s.kb_id_ == "X:1"] == ["ZBX", "ZBX"]


def test_a_gene_defined_by_a_gene_name_the_vocabulary_lacks_keeps_its_reading(tmp_path):
    # 'glutathione-S-transferase P1 gene (GSTP1)': the long form is spelled unlike the vocabulary's
    # name, but it reads as a gene's name, so the symbol stays the gene; a long form naming a measure
    # or a method means the letters stand for something else here
    tsv = tmp_path / "genes.tsv"
    tsv.write_text("name\tcurie\ttype\nZNKR\tX:7\tGene\n", encoding="utf-8")
    nlp = load_pipeline(broad=False, extra_vocab=[tsv])
    for text in ("The zinc knuckle kinase receptor (ZNKR) was raised, and ZNKR bound actin.",
                 "The zinc knuckle gene R (ZNKR) was raised, and ZNKR bound actin."):
        assert [s.text for s in run(nlp, text).ents if s.kb_id_ == "X:7"] == ["ZNKR", "ZNKR"], text
    doc = run(nlp, "The zonal necrosis kinetic rate (ZNKR) was raised, and ZNKR fell later.")
    assert [s.text for s in doc.ents if s.kb_id_ == "X:7"] == []


def test_a_gene_symbol_with_a_digit_matches_as_mouse_and_rat_genes_are_written(tmp_path):
    tsv = tmp_path / "genes.tsv"
    tsv.write_text("name\tcurie\ttype\nZNKR7\tX:7\tGene\nQB7\tX:8\tGene\nZBXQ7\tX:9\tChemical\n", encoding="utf-8")
    nlp = load_pipeline(broad=False, extra_vocab=[tsv])
    doc = run(nlp, "Znkr7, znkr7 and ZnKR7 rose, zNKR7 and Znkr 7 did not; Qb7 cells and Zbxq7 were seen.")
    assert [(s.text, s.kb_id_) for s in doc.ents] == [("Znkr7", "X:7"), ("znkr7", "X:7"), ("ZnKR7", "X:7")]
    assert [s.text for s in run(nlp, "ZNKR7, QB7 and ZBXQ7.").ents] == ["ZNKR7", "QB7", "ZBXQ7"]


def test_bad_vocabulary_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tcurie\ttype\nfoo\tX:1\tNotAType\n", encoding="utf-8")
    with pytest.raises(VocabularyError) as err:
        load_pipeline(broad=False, extra_vocab=[bad])
    assert "bad.tsv [line 2]" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(VocabularyError):
        load_pipeline(broad=False, extra_vocab=[tmp_path / "missing.tsv"])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_seed_entities_carry_identifiers(nlp):
    docs = [Document(id=p.name, text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS.iterdir())]
    ids = set()
    for _, doc in annotate(docs, nlp):
        ids |= {s.kb_id_ for s in doc.ents}
    for curie in ("CHEBI:65329", "FPLX:PI3K", "HGNC:5464", "HGNC:5465", "MESH:D053578", "MESH:D016756",
                  "MESH:D009447", "GO:0019835", "MESH:D020275", "MESH:D000544", "MESH:D007239"):
        assert curie in ids


def test_a_text_over_spacys_default_million_characters_is_annotated(nlp):
    # A long full-text article is ordinary input (spaCy's default limit would raise E088).
    text = "Neurons were counted. " * 50_000 + "LY294002 blocked PI3K."
    assert len(text) > 1_000_000
    doc = run(nlp, text)
    assert [(s.text, s.kb_id_) for s in doc.ents][-2:] == [("LY294002", "CHEBI:65329"), ("PI3K", "FPLX:PI3K")]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="NBab-_ .é1(", max_size=30), short_form=st.sampled_from(["NB", "B", "N B", "a1", "é"]))
def test_abbreviation_occurrences_match_the_boundary_regex(text, short_form):
    # The plain-find scan must find exactly what the look-around regex it replaced finds.
    import re

    from omsgraph.nlp.pipeline import _standalone_occurrences

    words = r"(?<![\w-])" + r"\s*".join(re.escape(p) for p in short_form.split())
    strict = [m.span() for m in re.finditer(words + r"(?![\w-])", text)]
    assert list(_standalone_occurrences(text, short_form, modifiers=False)) == strict
    # with modifiers, a one-word short form also before a hyphen and a lower-case letter ("EMB-induced")
    loose = [m.span() for m in re.finditer(words + r"(?!\w)", text)
             if text[m.end():m.end() + 1] != "-" or " " not in short_form and text[m.end() + 1:m.end() + 2].islower()]
    assert list(_standalone_occurrences(text, short_form)) == loose


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40) | st.text(alphabet=" \t\n\u00a0Aa1²_-'’sβγ.(\u0301\u2003", max_size=40))
def test_text_tokens_offsets_point_at_their_surface(text):
    # text_tokens adds up offsets from (whitespace, token) pairs: they must land on the tokens the
    # token pattern itself finds, whatever characters the text holds.
    from omsgraph.nlp.normalise import _TOKEN, normal_word, text_tokens

    spans = {m.span() for m in _TOKEN.finditer(text)}
    for norm, surface, start, end, _ in text_tokens(text):
        assert text[start:end] == surface and (start, end) in spans
        assert norm == normal_word(surface)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40) | st.text(alphabet=" \t\n\u00a0\u2003Aa1.,-(/+é\u0301'", max_size=40))
def test_the_tokenizer_keeps_every_character_of_the_text(text):
    # Offsets everywhere (entities, evidence spans) assume doc.text is the input, whitespace included.
    from spacy.lang.en import English

    from omsgraph.nlp.tokenizer import RegexTokenizer

    doc = RegexTokenizer(English().vocab)(text)
    assert doc.text == text
    assert all(t.text.isspace() or not any(c.isspace() for c in t.text) for t in doc)


def test_the_tokenizer_splits_names_at_hyphens_and_keeps_numbers_and_abbreviations(nlp):
    doc = nlp.make_doc("IgG-induced lysis fell 2.5-fold (p<0.05), e.g. with LY294002.")
    assert [t.text for t in doc] == ["IgG", "-", "induced", "lysis", "fell", "2.5", "-", "fold", "(", "p", "<",
                                     "0.05", ")", ",", "e.g.", "with", "LY294002", "."]


def test_a_saved_pipeline_loads_with_omsgraphs_tokenizer(tmp_path):
    import spacy

    from omsgraph.nlp.tokenizer import RegexTokenizer

    nlp = load_pipeline(vocabulary=False)
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    text = "Anti-Hu IgG-induced lysis fell 2.5-fold, e.g.  in IL-6 cells."
    assert isinstance(again.tokenizer, RegexTokenizer)
    assert [t.text for t in again(text)] == [t.text for t in nlp(text)] and again(text).text == text
