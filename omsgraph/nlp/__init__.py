"""NLP stage: Documents → spaCy Docs with sentences and entity spans (see ``spans.py``).

>>> from omsgraph.model import Document
>>> nlp = load_pipeline(broad=False)
>>> (_, doc), = annotate([Document(id="PMID:2", text="IGF-1 acts through PI3K.")], nlp)
>>> [(s.text, s.kb_id_) for s in doc.ents]
[('IGF-1', 'HGNC:5464'), ('PI3K', 'FPLX:PI3K')]
"""

from omsgraph.nlp.pipeline import annotate, load_pipeline

__all__ = ["annotate", "load_pipeline"]
