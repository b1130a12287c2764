"""SPARQL over a built graph: :func:`run_query` (free queries) and named questions (``named``).

>>> from omsgraph.query import run_query, QUERY_FORMATS
>>> QUERY_FORMATS
('table', 'csv', 'tsv', 'json')
"""

from omsgraph.graph.iris import with_prefixes
from omsgraph.query.sparql import QUERY_FORMATS, render_table, result_json, run_query, short_name

__all__ = ["QUERY_FORMATS", "render_table", "result_json", "run_query", "short_name", "with_prefixes"]
