"""omsgraph: biomedical abstracts in, a provenance-rich mechanism knowledge graph (RDF) out."""

__version__ = "0.1.0"
