"""``omsgraph fetch``: download PubMed records (NCBI E-utilities) into a folder ``build`` reads.

>>> [c.name for c in commands]
['fetch']
"""

from __future__ import annotations

import click

from omsgraph.errors import InputError


@click.command()
@click.argument("pmid_args", nargs=-1, metavar="[PMID]...")
@click.option("-q", "--query", default=None, help='PubMed query, e.g. "opsoclonus myoclonus".')
@click.option("--max", "max_records", type=click.IntRange(min=0), default=500, show_default=True,
              help="Most records fetched for --query.")
@click.option("--pmid", "pmids", multiple=True, help="PMID to fetch (repeatable; also comma-separated).")
@click.option("--pmid-file", type=click.Path(dir_okay=False), default=None,
              help="File with one PMID per line.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder for the PubMed XML files (PMIDs already in it are skipped).")
@click.option("--api-key", envvar="NCBI_API_KEY", default=None,
              help="NCBI API key (env NCBI_API_KEY): allows 10 requests/s instead of 3.")
@click.option("--email", envvar="NCBI_EMAIL", default=None, help="Your e-mail, sent to NCBI as asked (env NCBI_EMAIL).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="Records per efetch request.")
@click.option("--cited-by/--no-cited-by", default=True, show_default=True,
              help="Also save which PubMed records cite each record (NCBI ELink), as <batch>.elink.xml.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
def fetch(pmid_args, query, max_records, pmids, pmid_file, out_dir, api_key, email, batch_size, cited_by,
          progress) -> None:
    """Download PubMed records as PubMed XML into OUT (resumable), for a query and/or PMIDs.

    \b
    Examples:
      omsgraph fetch --query "opsoclonus myoclonus" --max 500 -o pubmed/
      omsgraph fetch --pmid 30538297 -o pubmed/
      omsgraph fetch --pmid-file pmids.txt -o pubmed/ && omsgraph build pubmed/ -o graph
    Queries with more than 9,999 hits are split by publication date to list them all.
    The E-utilities address can be changed with $OMSGRAPH_EUTILS_URL.
    """
    from omsgraph.ingest.eutils import fetch_pubmed, parse_pmids, read_pmid_file

    wanted = parse_pmids(list(pmids) + list(pmid_args))
    if pmid_file:
        wanted += read_pmid_file(pmid_file)
    if not query and not wanted:
        raise click.UsageError("give --query, --pmid or --pmid-file")
    if not email:
        click.echo("omsgraph: note: NCBI asks for an e-mail address (--email or NCBI_EMAIL)", err=True)
    report = fetch_pubmed(query=query, pmids=wanted, out_dir=out_dir, max_records=max_records, batch_size=batch_size,
                          api_key=api_key, email=email, progress=progress, cited_by=cited_by)
    for note in report.notes:
        click.echo(f"omsgraph: note: {note}", err=True)
    if report.missing:
        shown = ", ".join(report.missing[:10]) + (" …" if len(report.missing) > 10 else "")
        click.echo(f"omsgraph: not returned by PubMed: {shown}", err=True)
    if report.fetched == 0 and report.skipped == 0:
        raise InputError("no record was fetched", path=out_dir, record=query or None)
    click.echo(report.summary(out_dir))


commands = [fetch]
