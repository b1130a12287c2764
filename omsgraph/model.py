"""The data model passed between omsgraph's stages: frozen, typed, no I/O.

Offsets are character offsets into :attr:`Document.text`, which for abstracts is
``title + " " + abstract`` (the convention of PubTator and ChemProt, so annotations
that come with the input keep their offsets).

>>> doc = Document(id="PMID:1", text="LY294002 inhibits PI3K.", title="")
>>> ly = Entity(id="CHEBI:65329", label="LY294002", type="Chemical")
>>> pi3k = Entity(id="FPLX:PI3K", label="PI3K", type="ProteinFamily")
>>> ev = Evidence(document_id=doc.id, sentence=doc.text, sentence_start=0,
...               subject_span=(0, 8), object_span=(18, 22), rule="svo")
>>> rel = Relation(subject=ly, predicate="inhibits", object=pi3k, evidence=ev)
>>> rel.key
('CHEBI:65329', 'inhibits', 'FPLX:PI3K', False)
>>> rel.polarity
'positive'
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

# Entity types used across the project (the value of Mention.type / Entity.type and of
# spaCy span labels). Readers map their own type names onto these.
ENTITY_TYPES: tuple[str, ...] = (
    "Chemical",       # drugs, small molecules, biologics such as IVIg
    "Gene",           # genes and gene products / proteins
    "ProteinFamily",  # families and complexes (FamPlex), pathways named after them
    "Disease",
    "Phenotype",      # signs and symptoms (opsoclonus, ataxia)
    "Process",        # biological processes and cellular effects (cytolysis, apoptosis)
    "CellType",
    "Anatomy",
    "Assay",
    "Organism",
    "Variant",
    "CellLine",
    "Entity",         # anything else
)

# The fixed predicate labels (other tools rely on them). More may be added in
# ontology/predicates.tsv; these must always exist.
CORE_PREDICATES: tuple[str, ...] = (
    "inhibits",
    "activates",
    "antagonist_of",
    "agonist_of",
    "increases",
    "decreases",
    "causes",
    "treats",
    "associated_with",
    "substrate_of",
    "acts_via",
)


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the document text with its section label ("title", "abstract", "METHODS" …).

    ``label`` names a caption's figure or table ("Figure 2") when the section is a caption.
    """

    text: str
    offset: int
    section: str = "abstract"
    label: str | None = None


@dataclass(frozen=True, slots=True)
class MeshHeading:
    """A MeSH heading of a PubMed record, e.g. ``Neuroblastoma / drug therapy*``."""

    descriptor: str
    mesh_id: str | None = None          # CURIE, e.g. "MESH:D009447"
    major: bool = False
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Substance:
    """An item of a PubMed record's chemical/substance list."""

    name: str
    id: str | None = None               # CURIE, e.g. "MESH:D007334"


@dataclass(frozen=True, slots=True)
class BibLink:
    """A link from this work to another: ``cites``, ``cited_by`` or ``similar_to``."""

    relation: str
    target: str                          # CURIE: "PMID:20085560" or "DOI:10.1111/..."
    title: str | None = None
    doi: str | None = None               # when target is a PMID and the DOI is known too


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in a document: offsets into Document.text, type, identifier."""

    start: int
    end: int
    text: str
    type: str
    id: str | None = None                # CURIE ("MESH:D016756", "HGNC:5464", "FPLX:PI3K")
    label: str | None = None             # preferred label of the identified concept
    source: str = "input"                # "input" (came with the file), "vocabulary", "abbreviation"
    mention_id: str | None = None        # the input's own id for it (ChemProt "T1")


@dataclass(frozen=True, slots=True)
class Document:
    """One work (abstract, letter, full text) with its bibliographic facts."""

    id: str                              # CURIE: "PMID:n", else "DOI:x", "PMC:PMCn", else "HASH:sha1"
    text: str
    title: str = ""
    passages: tuple[Passage, ...] = ()
    source: str = ""                     # file it came from
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    journal: str | None = None
    year: int | None = None
    pub_date: str | None = None          # ISO date or the page's own date string
    authors: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh_terms: tuple[MeshHeading, ...] = ()
    substances: tuple[Substance, ...] = ()
    links: tuple[BibLink, ...] = ()
    mentions: tuple[Mention, ...] = ()   # annotations that came with the input
    keywords: tuple[str, ...] = ()

    def section_at(self, offset: int) -> str | None:
        """The section label of the passage holding ``offset``, if any."""
        for p in self.passages:
            if p.offset <= offset < p.offset + len(p.text):
                return p.section
        return None


@dataclass(frozen=True, slots=True)
class Entity:
    """A concept a relation is about. ``id`` is a CURIE, or None when no identifier is known."""

    id: str | None
    label: str
    type: str = "Entity"

    @property
    def key(self) -> str:
        """Identity used to merge statements: the CURIE, else the lower-cased label."""
        return self.id if self.id else "label:" + " ".join(self.label.lower().split())


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a relation was read: document, sentence, offsets of both mentions, rule."""

    document_id: str
    sentence: str
    sentence_start: int                  # offset of the sentence in Document.text
    subject_span: tuple[int, int]        # offsets in Document.text
    object_span: tuple[int, int]
    rule: str
    section: str | None = None
    trigger: str | None = None           # the trigger word(s), e.g. "blocked"
    negated: bool = False
    hedged: bool = False
    cue: str | None = None               # negation/hedging cue found, e.g. "did not"


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed, typed relation read from one sentence."""

    subject: Entity
    predicate: str
    object: Entity
    evidence: Evidence
    negated: bool = False
    hedged: bool = False
    confidence: float = 0.5

    @property
    def key(self) -> tuple[str, str, str, bool]:
        """Statement identity: one statement per (subject, predicate, object, negated)."""
        return (self.subject.key, self.predicate, self.object.key, self.negated)

    @property
    def polarity(self) -> str:
        return polarity(self.negated)


def polarity(negated: bool) -> str:
    """The omsg:polarity of a statement: "negative" when negated, else "positive"."""
    return "negative" if negated else "positive"


def _pickle_as_tuple(cls: type) -> None:
    """Pickle ``cls`` as (class, field values): a slotted frozen dataclass otherwise pickles through
    a per-field state dict and ``object.__setattr__``: most of what sending documents to workers cost."""
    names = [f.name for f in fields(cls)]
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__


for _cls in (Passage, MeshHeading, Substance, BibLink, Mention, Document, Entity, Evidence, Relation):
    _pickle_as_tuple(_cls)
del _cls


@dataclass(slots=True)
class BuildReport:
    """Counts of a build; mutable because it is filled while documents stream through."""

    documents: int = 0
    skipped: int = 0
    relations: int = 0
    unchanged: int = 0                   # already in the graph with the same content (add)
    replaced: int = 0                    # in the graph with other content; old evidence dropped (add)
    errors: list[str] = field(default_factory=list)
