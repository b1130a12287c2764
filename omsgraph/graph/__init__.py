"""The graph stage: Documents + Relations → RDF in an embedded Oxigraph store (GRAPH_DIR).

>>> from omsgraph.graph import GraphStore, to_triples, EXPORT_FORMATS
>>> "turtle" in EXPORT_FORMATS
True
"""

from omsgraph.graph.exporting import EXPORT_FORMATS, TSV_COLUMNS, export_store
from omsgraph.graph.iris import curie_to_iri, document_iri, entity_iri, namespaces
from omsgraph.graph.rdf import document_hash, to_triples
from omsgraph.graph.store import ONTOLOGY_GRAPH, GraphStore

__all__ = [
    "EXPORT_FORMATS", "GraphStore", "ONTOLOGY_GRAPH", "TSV_COLUMNS", "curie_to_iri", "document_hash",
    "document_iri", "entity_iri", "export_store", "namespaces", "to_triples",
]
