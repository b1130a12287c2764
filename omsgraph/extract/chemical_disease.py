"""Chemical-induced disease (``causes``) between the Chemical and Disease concepts of a document.

BC5CDR-style relations are stated at document level: the drug is often named in the title and
the adverse event only in a later sentence. So every (chemical concept, disease concept) pair of
the document is described by a few readable features — where the two are named (title,
conclusion), how often, whether a sentence holds both with an induced-disease cue ("-induced",
"after", "developed") or a treatment cue ("for the treatment of", "prevented") between them —
and scored with the logistic weights in ``ontology/cid_model.tsv``. Pairs above the table's
threshold become relations; the evidence is the best sentence holding both (a cue sentence,
else the title, else any), or for pairs never named together the sentence naming the disease.
The rule names that choice: ``cid-cue``, ``cid-title``, ``cid-sentence`` or ``cid-document``.

>>> import spacy
>>> from omsgraph.nlp.spans import set_entity_spans
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Rash induced by penicillin. Other text follows.")
>>> _ = set_entity_spans(doc, [doc.char_span(0, 4, label="Disease", kb_id="MESH:D005076"),
...                            doc.char_span(16, 26, label="Chemical", kb_id="MESH:D010406")])
>>> [(r.subject.id, r.predicate, r.object.id, r.evidence.rule) for r in extract_chemical_disease(doc, document="PMID:1")]
[('MESH:D010406', 'causes', 'MESH:D005076', 'cid-cue')]
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IS_ALPHA, LENGTH
from spacy.tokens import Doc, Span

from omsgraph.extract.logistic import probability
from omsgraph.extract.tables import cue_words, ontology_rows
from omsgraph.model import Document, Evidence, Relation
from omsgraph.nlp.spans import doc_text, entity_of, entity_spans, lower_words, sentence_spans, span_text, token_values, tokens_text, tokens_text_of

__all__ = ["CidModel", "Cue", "disease_branches", "extract_chemical_disease", "load_cid_model", "load_cues", "pair_features"]

_CHEMICAL = "Chemical"
_DISEASE = ("Disease",)
_BASE_RATE, _PRIOR_WEIGHT = 0.19, 3.0


def _rows(name: str) -> list[tuple[str, str]]:
    # (first cell, the rest of the line)
    return [(row[0].strip(), "\t".join(row[1:]).strip()) for row in ontology_rows(name)]


@lru_cache(maxsize=1)
def _cue_table() -> tuple[tuple[str, str], ...]:
    return tuple(_rows("cid_cues.tsv"))


@lru_cache(maxsize=1)
def disease_branches() -> dict[str, tuple[str, ...]]:
    """``MESH:`` disease CURIE → its MeSH tree branches, top level and first two levels
    ("C10", "C10.228", …), from ``ontology/mesh_disease_branches.tsv``.

    >>> disease_branches()["MESH:D053578"][:4]   # opsoclonus-myoclonus syndrome: a paraneoplastic syndrome …
    ('C04', 'C04.588', 'C04.730', 'C10')
    """
    out = {}
    for mesh, joined in _rows("mesh_disease_branches.tsv"):
        two = joined.split("|")
        out["MESH:" + mesh] = tuple(sorted({b.split(".")[0] for b in two} | set(two)))
    return out


@dataclass(frozen=True)
class Cue:
    r"""The patterns of one cue kind as one regular expression, and the literal text each pattern
    starts with: where none of those occurs in a text the expression cannot match, and a few
    substring tests are much cheaper than the search (most sentences hold no cue).

    >>> cue = Cue.of(["causes?", r"\bno\b", "used (?:to|in)"])
    >>> cue.heads, cue.search("it was used in rats").group(0), cue.search("nothing here")
    (('cause', 'no', 'used '), 'used in', None)
    """

    pattern: re.Pattern
    heads: tuple[str, ...] | None   # None: a pattern starts with a construct, so always search

    @classmethod
    def of(cls, patterns: list[str]) -> Cue:
        heads = tuple(_literal_head(p) for p in patterns)
        return cls(re.compile("|".join(f"(?:{p})" for p in patterns)), heads if all(heads) else None)

    def search(self, text: str) -> re.Match | None:
        if self.heads is not None and not any(map(text.__contains__, self.heads)):
            return None
        return self.pattern.search(text)


_REGEX_SYNTAX = frozenset(".^$*+?{}[]\\|()")


def _literal_head(pattern: str) -> str:
    """The plain text every match of ``pattern`` begins with ('' when it begins with a construct, or
    when a '|' outside brackets lets a match begin otherwise: 'induced|after').

    >>> _literal_head("causes?"), _literal_head("used (?:to|in)"), _literal_head("induced|after")
    ('cause', 'used ', '')
    """
    if _top_level_alternation(pattern):
        return ""
    body = pattern[2:] if pattern.startswith("\\b") else pattern
    end = next((i for i, ch in enumerate(body) if ch in _REGEX_SYNTAX), len(body))
    if end < len(body) and body[end] in "*?{":
        end -= 1   # a quantifier makes the letter before it optional ('causes?')
    return body[:max(end, 0)]


def _top_level_alternation(pattern: str) -> bool:
    """Whether ``pattern`` has a '|' outside every group and character class."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def load_cues() -> dict[str, Cue]:
    """The cue patterns by kind (a fresh dict on each call)."""
    kinds: dict[str, list[str]] = {}
    for kind, pattern in _cue_table():
        kinds.setdefault(kind, []).append(pattern)
    return {k: Cue.of(v) for k, v in kinds.items()}


@dataclass(frozen=True)
class CidModel:
    """Logistic weights over :func:`pair_features`, decision thresholds, concept priors and cues.

    Pairs scoring at least ``threshold`` are kept. A document with none keeps its best pair
    whose chemical is named in the title when that pair reaches ``fallback``: an article whose
    title names a drug and which reports a disease mostly reports what the drug caused.
    """

    weights: tuple[tuple[str, float], ...]
    bias: float
    threshold: float
    fallback: float
    priors: dict
    cues: dict

    def __post_init__(self) -> None:
        # the weights as a dict once, not per scored pair (frozen: set through object)
        object.__setattr__(self, "_weight_of", dict(self.weights))

    def probability(self, features: dict[str, float]) -> float:
        return probability(self.bias, self._weight_of, features)


@lru_cache(maxsize=1)
def _model_table() -> tuple[tuple[str, str], ...]:
    return tuple(_rows("cid_model.tsv"))


@lru_cache(maxsize=1)
def _prior_table() -> tuple[tuple[str, int, int], ...]:
    rows = []
    for key, value in _rows("cid_priors.tsv"):
        k, _, n = value.partition("\t")
        rows.append((key, int(k), int(n)))
    return tuple(rows)


@lru_cache(maxsize=1)
def load_cid_model() -> CidModel:
    """The shipped model: ``ontology/cid_model.tsv`` (weights, ``bias``, ``threshold``, ``fallback``)
    and ``ontology/cid_priors.tsv`` (concept and pair counts of the BC5CDR training split)."""
    table = dict(_model_table())
    bias, threshold = float(table.pop("bias")), float(table.pop("threshold"))
    fallback = float(table.pop("fallback", "1.0"))
    priors = {key: (k, n) for key, k, n in _prior_table()}
    return CidModel(tuple((k, float(v)) for k, v in table.items()), bias, threshold, fallback, priors, load_cues())


def _find(cues: dict[str, Cue], kind: str, text: str) -> str | None:
    cue = cues.get(kind)
    match = cue.search(text) if cue else None
    return match.group(0) if match else None


@dataclass
class _Pair:
    features: dict[str, float]
    evidence: tuple[Span, Span, Span, str, str | None]   # sentence, chemical, disease, rule, trigger


def _hyphen_cue(doc: Doc, chem: Span, dis: Span) -> str | None:
    """'cocaine-induced seizures', 'seizures induced by cocaine' within a few tokens."""
    lower = lower_words(doc)
    if chem.end < dis.start <= chem.end + 5:
        words = lower[chem.end:dis.start]
        if words and words[0] == "-" and len(words) > 1 and words[1] in cue_words("hyphen-cause"):
            return words[1]
    if dis.end < chem.start <= dis.end + 4:
        words = lower[dis.end:chem.start]
        if len(words) >= 2 and words[-1] == "by" and words[-2] in cue_words("hyphen-cause") | {"caused"}:
            return words[-2]
    return None


def _prior(counts: tuple[int, int] | None) -> float:
    """Smoothed log-odds that a concept takes part in a CID pair, from (pairs in CID, pairs seen)."""
    k, n = counts or (0, 0)
    rate = (k + _BASE_RATE * _PRIOR_WEIGHT) / (n + _PRIOR_WEIGHT)
    return math.log(rate / (1 - rate)) - math.log(_BASE_RATE / (1 - _BASE_RATE))


def _past_own_modifier(between: str) -> str:
    """The text between two mentions without a leading '-induced …' that modifies something else
    ('IgG-induced cytolysis in children with OMS' says nothing about IgG causing OMS)."""
    stripped = between.lstrip(" -")
    for cue in cue_words("hyphen-cause"):   # none is the start of another
        if stripped.startswith(cue):
            return stripped[len(cue):]
    return between


def pair_features(doc: Doc, *, cues: dict[str, Cue] | None = None,
                  priors: dict[str, tuple[int, int]] | None = None) -> dict[tuple[str, str], _Pair]:
    """Features and best evidence of every identified (chemical, disease) pair of ``doc``.

    ``priors`` maps a concept to (pairs it was in that were CID, pairs it was in) in the
    training split, the way curated chemical–disease databases are used by CID systems.
    """
    cues = cues if cues is not None else load_cues()
    priors = priors or {}
    spans = [s for s in entity_spans(doc) if s.kb_id_ and (s.label_ == _CHEMICAL or s.label_ in _DISEASE)]
    if not spans:
        return {}
    sentences = sentence_spans(doc)
    text = doc_text(doc)
    starts = [s.start for s in sentences]
    index_of = {}
    for span in spans:
        # the sentence holding the span: the last sentence starting at or before it
        index_of[span] = max(0, bisect_right(starts, span.start) - 1)
    last = len(sentences) - 1
    by_id: dict[str, list[Span]] = defaultdict(list)
    # concept -> sentence index -> its spans there (Span hashing is slow: looked up once here)
    in_sentence: dict[str, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for span in spans:
        by_id[span.kb_id_].append(span)
        in_sentence[span.kb_id_][index_of[span]].append(span)
    lower, alpha, length = lower_words(doc), token_values(doc, IS_ALPHA), token_values(doc, LENGTH)
    branches = disease_branches()
    chems = sorted(k for k, v in by_id.items() if v[0].label_ == _CHEMICAL)
    diseases = sorted(k for k, v in by_id.items() if v[0].label_ in _DISEASE)
    chem_counts = Counter({k: len(by_id[k]) for k in chems})
    dis_counts = Counter({k: len(by_id[k]) for k in diseases})
    top_chem = max(chem_counts.values(), default=0)
    top_dis = max(dis_counts.values(), default=0)
    first_chem = min(chems, key=lambda k: by_id[k][0].start, default=None)
    n_chem, n_dis = len(chems), len(diseases)
    lowered = [text[s.start_char:s.end_char].lower() for s in sentences]
    sentence_cue = [_find(cues, "treatment", t) for t in lowered]
    therapy_cue = [_find(cues, "therapy", t) for t in lowered]
    # the role a concept plays anywhere in the document: named as an inducer ('X-induced'),
    # as an induced condition ('induced Y', 'Y after'), or next to treatment wording
    induces, induced_by, treating = set(), set(), set()
    cut = tokens_text_of(doc)
    for span in spans:
        after = cut(span.end, span.end + 2).lower()
        before = cut(span.start - 2, span.start).lower()
        if span.label_ == _CHEMICAL:
            if after.startswith(("- induced", "-induced", "induced", "- associated", "-associated", "- related")):
                induces.add(span.kb_id_)
            if _find(cues, "treatment", cut(span.start - 4, span.end + 4).lower()):
                treating.add(span.kb_id_)
        elif "induced" in before or after.startswith(("after", "following", "due to", "caused by")):
            induced_by.add(span.kb_id_)
    pairs: dict[tuple[str, str], _Pair] = {}
    for c in chems:
        c_spans = by_id[c]
        c_sents = set(in_sentence[c])
        for d in diseases:
            if c == d:
                continue
            d_spans = by_id[d]
            d_sents = set(in_sentence[d])
            shared = sorted(c_sents & d_sents)
            f: dict[str, float] = {
                "chem_in_title": float(0 in c_sents), "dis_in_title": float(0 in d_sents),
                "both_in_title": float(0 in shared),
                "cooccur": float(bool(shared)), "cooccur_sentences": math.log1p(len(shared)),
                "chem_mentions": math.log1p(len(c_spans)), "dis_mentions": math.log1p(len(d_spans)),
                "chem_top": float(len(c_spans) == top_chem), "dis_top": float(len(d_spans) == top_dis),
                "chem_first": float(c == first_chem),
                "chems_in_doc": math.log1p(n_chem), "diseases_in_doc": math.log1p(n_dis),
                "chem_in_last": float(bool(c_sents & {last, last - 1})),
                "dis_in_last": float(bool(d_sents & {last, last - 1})),
                "dis_in_first_sentences": float(bool(d_sents & {1, 2})),
            }
            f["title_chem_top_dis"] = f["chem_in_title"] * f["dis_top"]
            f["chem_named_inducer"] = float(c in induces)
            f["chem_prior"], f["dis_prior"] = _prior(priors.get(c)), _prior(priors.get(d))
            f["chem_known"], f["dis_known"] = float(c in priors), float(d in priors)
            k, n = priors.get(c + " " + d, (0, 0))
            f["pair_was_cid"], f["pair_was_not_cid"] = float(k > 0), float(n > k)
            head = span_text(d_spans[0]).lower().split()
            if head:
                f["dis_head:" + head[-1]] = 1.0
            for branch in branches.get(d, ()):
                f["dis_branch:" + branch] = 1.0
            f["chem_near_treatment"] = float(c in treating)
            f["dis_named_induced"] = float(d in induced_by)
            f["title_chem_not_cooccur"] = f["chem_in_title"] * (1.0 - f["cooccur"])
            best: tuple | None = None
            best_rank = 9
            distance = 999
            for i in shared:
                sent = sentences[i]
                for cs in in_sentence[c][i]:
                    for ds in in_sentence[d][i]:
                        left, right = (cs, ds) if cs.start <= ds.start else (ds, cs)
                        gap = max(0, right.start - left.end)
                        distance = min(distance, gap)
                        between = text[left.end_char:right.start_char].lower()
                        hyphen = _hyphen_cue(doc, cs, ds)
                        own = _past_own_modifier(between)
                        # 'Y due to X', 'Y after X': read backwards, such a cue links the two only with
                        # the disease named first ('X could not be measured due to …, Y' gave X causes Y)
                        induced = hyphen or _find(cues, "induced", own) or (
                            left is ds and _find(cues, "induced_by", own))
                        treatment = _find(cues, "treatment", between)
                        negated = _find(cues, "negation", between)
                        if _find(cues, "population", between):
                            f["population_between"] = 1.0
                        if _find(cues, "therapy", between):
                            f["therapy_between"] = 1.0
                        if therapy_cue[i]:
                            f["therapy_in_sentence"] = 1.0
                        if hyphen:
                            f["hyphen_induced"] = 1.0
                        if induced and not treatment:
                            f["induced_between"] = 1.0
                        if treatment:
                            f["treatment_between"] = 1.0
                        if negated:
                            f["negation_between"] = 1.0
                        if sentence_cue[i]:
                            f["treatment_in_sentence"] = 1.0
                        if gap <= 3:
                            f["adjacent"] = 1.0
                        if gap <= 8:
                            for k in range(left.end, right.start):
                                if alpha[k] and length[k] > 1:
                                    f["between:" + lower[k]] = 1.0
                        rank = 0 if hyphen else 1 if induced and not treatment else 2 if i == 0 else 3
                        if rank < best_rank:
                            best_rank = rank
                            rule = ("cid-cue", "cid-cue", "cid-title", "cid-sentence")[rank]
                            best = (sent, cs, ds, rule, induced if rank < 2 else None)
            f["distance"] = math.log1p(distance) if shared else 0.0
            if best is None:
                # never named together: the chemical's first (title) mention and the disease's first mention
                cs, ds = c_spans[0], d_spans[0]
                best = (sentences[index_of[ds]], cs, ds, "cid-document", None)
            pairs[(c, d)] = _Pair(f, best)
    return pairs


def extract_chemical_disease(doc: Doc, *, document: Document | str,
                             model: CidModel | None = None) -> list[Relation]:
    """One ``causes`` relation per (chemical, disease) concept pair the model accepts."""
    model = model or load_cid_model()
    document_id = document if isinstance(document, str) else document.id
    scored = sorted(((model.probability(pair.features), key, pair)
                     for key, pair in pair_features(doc, cues=model.cues, priors=model.priors).items()),
                    key=lambda t: (-t[0], t[1]))
    chosen = [t for t in scored if t[0] >= model.threshold]
    if not chosen:
        # the fallback pair must not come from a sentence about treating ('Treatment of Y with X')
        titled = [t for t in scored if t[2].features["chem_in_title"] and t[0] >= model.fallback
                  and not _find(model.cues, "treatment", t[2].evidence[0].text.lower())]
        chosen = titled[:1]
    out = []
    for p, _, pair in sorted(chosen, key=lambda t: t[1]):
        sent, chem, dis, rule, trigger = pair.evidence
        if rule != "cid-document" and chem.end <= dis.start and _find(
                model.cues, "source", tokens_text(doc, chem.end, dis.start).lower()):
            continue  # 'IgG from children with OMS': the chemical was taken from people with the disease
        negation = None
        if rule != "cid-document":
            # 'no X developed after Y', 'Y did not cause X': a cue just before or between the two
            left, right = sorted((chem, dis), key=lambda s: s.start)
            window = span_text(doc[max(sent.start, left.start - 3):right.end]).lower()
            negation = _find(model.cues, "negation", window)
        negated = bool(negation)
        hedge = _find(model.cues, "hedge", span_text(sent).lower())
        section = document.section_at(sent.start_char) if isinstance(document, Document) else None
        evidence = Evidence(document_id=document_id, sentence=span_text(sent).rstrip(), sentence_start=sent.start_char,
                            subject_span=(chem.start_char, chem.end_char), object_span=(dis.start_char, dis.end_char),
                            rule=rule, section=section, trigger=trigger, negated=negated, hedged=bool(hedge),
                            cue=negation or hedge)
        out.append(Relation(entity_of(chem), "causes", entity_of(dis), evidence, negated=negated,
                            hedged=bool(hedge), confidence=round(p, 3)))
    return out
